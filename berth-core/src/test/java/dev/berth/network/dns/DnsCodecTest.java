package dev.berth.network.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.network.dns.DnsCodec.MalformedDnsException;
import dev.berth.network.dns.DnsMessage.Question;
import dev.berth.network.dns.DnsMessage.RData;
import dev.berth.network.dns.DnsMessage.ResourceRecord;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static DnsMessage query(int id, String name, int type) {
    return new DnsMessage(id, DnsMessage.RD, List.of(new Question(name, type, DnsMessage.CLASS_IN)), List.of(), List.of(), List.of());
  }

  @Test
  void encode_query_writesRfc1035Bytes() {
    byte[] wire = DnsCodec.encode(query(0x1234, "redis.example", DnsMessage.TYPE_A));

    assertThat(HEX.formatHex(wire)).isEqualTo("1234" + "0100" + "0001" + "0000" + "0000" + "0000"
        + "05" + HEX.formatHex("redis".getBytes()) + "07" + HEX.formatHex("example".getBytes()) + "00" + "0001" + "0001");
  }

  @Test
  void decode_encodedReply_roundTrips() throws Exception {
    DnsMessage reply = query(7, "Redis", DnsMessage.TYPE_A).reply(DnsMessage.NOERROR, List.of(
        new ResourceRecord("Redis", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 600, new RData.Ipv4("10.213.1.2")),
        new ResourceRecord("Redis", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 600, new RData.Ipv4("10.213.1.3"))));
    byte[] wire = DnsCodec.encode(reply);

    DnsMessage back = DnsCodec.decode(wire, wire.length);

    assertThat(back.id()).isEqualTo(7);
    assertThat(back.isResponse()).isTrue();
    assertThat(back.flags() & DnsMessage.RD).isNotZero();
    assertThat(back.flags() & DnsMessage.RA).isNotZero();
    assertThat(back.questions()).containsExactly(new Question("Redis", DnsMessage.TYPE_A, DnsMessage.CLASS_IN));
    assertThat(back.answers()).extracting(ResourceRecord::data)
        .containsExactly(new RData.Ipv4("10.213.1.2"), new RData.Ipv4("10.213.1.3"));
    assertThat(back.answers()).allSatisfy(r -> assertThat(r.ttl()).isEqualTo(600));
  }

  @Test
  void encode_repeatedName_writesCompressionPointerToQuestion() {
    DnsMessage reply = query(1, "a.example", DnsMessage.TYPE_A).reply(DnsMessage.NOERROR, List.of(
        new ResourceRecord("a.example", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 600, new RData.Ipv4("10.0.0.1"))));

    byte[] wire = DnsCodec.encode(reply);

    int answerAt = 12 + (1 + 1 + 1 + 7 + 1) + 4;
    assertThat(wire[answerAt] & 0xFF).isEqualTo(0xC0);
    assertThat(wire[answerAt + 1] & 0xFF).isEqualTo(12);
    assertThat(wire).hasSize(answerAt + 2 + 10 + 4);
  }

  @Test
  void decode_ptrAnswerWithPointersToSuffix_readsFullNames() throws Exception {
    // question 2.1.213.10.in-addr.arpa PTR; answer name = pointer to 12; rdata "redis" + pointer to "in-addr.arpa"?
    // Here the rdata is the label "redis" followed by a pointer to the question's "arpa" suffix.
    String q = "01320131033231330231300769" + HEX.formatHex("n-addr".getBytes()) + "04" + HEX.formatHex("arpa".getBytes()) + "00";
    int arpaAt = 12 + 2 + 2 + 4 + 3 + 8;
    String rdata = "05" + HEX.formatHex("redis".getBytes()) + "c0" + String.format("%02x", arpaAt);
    String hex = "abcd8180000100010000000" + "0" + q + "000c0001" + "c00c" + "000c0001" + "00000258"
        + String.format("%04x", rdata.length() / 2) + rdata;
    byte[] wire = HEX.parseHex(hex);

    DnsMessage m = DnsCodec.decode(wire, wire.length);

    assertThat(m.questions().getFirst().name()).isEqualTo("2.1.213.10.in-addr.arpa");
    assertThat(m.answers().getFirst().name()).isEqualTo("2.1.213.10.in-addr.arpa");
    assertThat(m.answers().getFirst().data()).isEqualTo(new RData.DomainName("redis.arpa"));
    assertThat(m.answers().getFirst().ttl()).isEqualTo(600);
  }

  @Test
  void decode_labelWithDot_escapesItAndEncodesBack() throws Exception {
    byte[] wire = HEX.parseHex("0001" + "0100" + "0001000000000000" + "03" + HEX.formatHex("a.b".getBytes()) + "01" + "63" + "00" + "00010001");

    DnsMessage m = DnsCodec.decode(wire, wire.length);

    assertThat(m.questions().getFirst().name()).isEqualTo("a\\.b.c");
    assertThat(DnsCodec.encode(m)).isEqualTo(wire);
  }

  @Test
  void udpLimit_optRecord_givesAdvertisedSizeNeverBelow512() throws Exception {
    String base = "0001010000010000000000010000010001";
    byte[] withOpt = HEX.parseHex(base + "00" + "0029" + "1000" + "00000000" + "0000");
    byte[] tinyOpt = HEX.parseHex(base + "00" + "0029" + "0100" + "00000000" + "0000");

    assertThat(DnsCodec.decode(withOpt, withOpt.length).udpLimit()).isEqualTo(4096);
    assertThat(DnsCodec.decode(tinyOpt, tinyOpt.length).udpLimit()).isEqualTo(512);
    assertThat(query(1, "x", DnsMessage.TYPE_A).udpLimit()).isEqualTo(512);
  }

  @Test
  void decode_shortHeader_isMalformed() {
    assertMalformed("00010100000100");
  }

  @Test
  void decode_questionCountBeyondData_isMalformed() {
    assertMalformed("000101000002000000000000" + "0178" + "00" + "00010001");
  }

  @Test
  void decode_labelPastEnd_isMalformed() {
    assertMalformed("000101000001000000000000" + "0a78797a");
  }

  @Test
  void decode_pointerToItself_isMalformed() {
    assertMalformed("000101000001000000000000" + "c00c" + "00010001");
  }

  @Test
  void decode_pointerForward_isMalformed() {
    assertMalformed("000101000001000000000000" + "c010" + "0001" + "00010001");
  }

  @Test
  void decode_pointerBackIntoItsOwnLabels_isMalformed() {
    // label "a" at 12, then a pointer to 12: reading would go round for ever
    assertMalformed("000101000001000000000000" + "0161" + "c00c" + "00010001");
  }

  @Test
  void decode_nameOver255Bytes_isMalformed() {
    String label = "3f" + "61".repeat(63);
    assertMalformed("000101000001000000000000" + label.repeat(5) + "00" + "00010001");
  }

  @Test
  void decode_reservedLabelType_isMalformed() {
    assertMalformed("000101000001000000000000" + "4100" + "00010001");
  }

  @Test
  void decode_aRecordOfFiveBytes_isMalformed() {
    assertMalformed("000181800001000100000000" + "0161" + "00" + "00010001" + "c00c00010001" + "00000258" + "0005" + "0a00000102");
  }

  @Test
  void decode_recordDataPastEnd_isMalformed() {
    assertMalformed("000181800001000100000000" + "0161" + "00" + "00010001" + "c00c00100001" + "00000258" + "0010" + "0a");
  }

  @Test
  void decode_randomAndMutatedBytes_onlyEverThrowsMalformed() {
    Random random = new Random(5);
    byte[] valid = DnsCodec.encode(query(9, "some.name.example", DnsMessage.TYPE_A).reply(DnsMessage.NOERROR, List.of(
        new ResourceRecord("some.name.example", DnsMessage.TYPE_A, DnsMessage.CLASS_IN, 600, new RData.Ipv4("10.0.0.1")),
        new ResourceRecord("x.example", DnsMessage.TYPE_PTR, DnsMessage.CLASS_IN, 600, new RData.DomainName("name.example")))));
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] packet = i % 2 == 0 ? randomBytes(random) : mutate(valid, random);
      try {
        DnsCodec.decode(packet, packet.length);
        decoded++;
      } catch (MalformedDnsException e) {
        // expected for most inputs
      }
    }
    assertThat(decoded).isPositive();
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(80)];
    random.nextBytes(b);
    return b;
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    for (int k = 0; k < 1 + random.nextInt(4); k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    return random.nextInt(4) == 0 ? java.util.Arrays.copyOf(b, random.nextInt(b.length)) : b;
  }

  private static void assertMalformed(String hex) {
    byte[] wire = HEX.parseHex(hex);
    assertThatThrownBy(() -> DnsCodec.decode(wire, wire.length)).isInstanceOf(MalformedDnsException.class);
  }
}
