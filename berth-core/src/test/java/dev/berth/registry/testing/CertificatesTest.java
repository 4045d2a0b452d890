package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificatesTest {
  @Test
  void oid_sha256WithRsa_encodesAsX690Says() {
    assertThat(HexFormat.of().formatHex(Der.oid("1.2.840.113549.1.1.11"))).isEqualTo("06092a864886f70d01010b");
  }

  @Test
  void tlv_longContent_usesTheLongLengthForm() {
    byte[] encoded = Der.octetString(new byte[300]);

    assertThat(HexFormat.of().formatHex(encoded, 0, 4)).isEqualTo("0482012c");
    assertThat(encoded).hasSize(304);
  }

  @Test
  void server_signedByTheCa_validatesAgainstItAndNamesLoopback() throws Exception {
    Certificates.Issued ca = Certificates.certificateAuthority("Berth test CA");
    X509Certificate server = Certificates.server(ca).certificate();

    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);
    assertThat(ca.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(7, "127.0.0.1"),
        List.of(2, "localhost"));
    assertThat(server.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  @Test
  void server_checkedAgainstAnotherCa_isRefused() throws Exception {
    X509Certificate server = Certificates.server(Certificates.certificateAuthority("one")).certificate();
    X509Certificate other = Certificates.certificateAuthority("other").certificate();

    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(other, null)));
    parameters.setRevocationEnabled(false);
    assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void selfSignedRsa_verifiesWithItsOwnKey() throws Exception {
    Certificates.Issued issued = Certificates.selfSignedRsa("token-signer");

    issued.certificate().verify(issued.keys().getPublic());
    assertThat(issued.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(issued.certificate().getVersion()).isEqualTo(3);
  }
}
