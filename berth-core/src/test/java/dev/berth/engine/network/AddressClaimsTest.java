package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressClaimsTest {
  private final Network net = new Network("n".repeat(64), "back", "bridge", "bx-1", Subnet.parse("10.90.0.0/24"), "10.90.0.1", false,
      Map.of(), Map.of(), Instant.EPOCH, false);
  private final Network other = new Network("o".repeat(64), "front", "bridge", "bx-2", Subnet.parse("10.90.0.0/24"), "10.90.0.1", false,
      Map.of(), Map.of(), Instant.EPOCH, false);
  private final String old = "a".repeat(64);
  private final String fresh = "b".repeat(64);

  private Endpoint at(Network n, String container, String ip) {
    return new Endpoint(n.id(), container, ip, Ipam.mac(ip), List.of());
  }

  @Test
  void claim_addressOfAnotherRunningContainer_refusedUntilItsOwnerStops() {
    AddressClaims claims = new AddressClaims();
    claims.claim(net, at(net, old, "10.90.0.50"));
    claims.claim(net, at(net, old, "10.90.0.50"));
    assertThatThrownBy(() -> claims.claim(net, at(net, fresh, "10.90.0.50"))).isInstanceOf(ConflictException.class)
        .hasMessage("Address already in use: 10.90.0.50 on network back (container aaaaaaaaaaaa runs with it)");
    assertThatCode(() -> claims.claim(other, at(other, fresh, "10.90.0.50"))).as("another network").doesNotThrowAnyException();

    claims.releaseAll(old);
    claims.claim(net, at(net, fresh, "10.90.0.50"));
    assertThatThrownBy(() -> claims.claim(net, at(net, old, "10.90.0.50"))).isInstanceOf(ConflictException.class);
  }

  @Test
  void release_onlyByTheOwner() {
    AddressClaims claims = new AddressClaims();
    claims.claim(net, at(net, old, "10.90.0.7"));
    claims.release(net, at(net, fresh, "10.90.0.7"));
    assertThatThrownBy(() -> claims.claim(net, at(net, fresh, "10.90.0.7"))).isInstanceOf(ConflictException.class);
    claims.release(net, at(net, old, "10.90.0.7"));
    assertThatCode(() -> claims.claim(net, at(net, fresh, "10.90.0.7"))).doesNotThrowAnyException();
  }
}
