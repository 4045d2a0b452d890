package dev.berth.registry.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the JWTs distribution 2.8's token access controller verifies (registry/auth/token): RS256 over
 * "HEADER.CLAIMS", the signing certificate in the header's {@code x5c} (checked against the registry's
 * rootcertbundle), {@code iss} and {@code aud} equal to the registry's configured issuer and service, and the {@code
 * access} claim listing what may be done to which repository.
 */
record TokenSigner(TestPki.SigningKey key, String issuer, String service) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** A token valid at the registry for {@code lifetime} from {@code now} (see TokenServer on the 60 s leeway). */
  String sign(Optional<String> user, List<Scopes.Access> access, Instant now, Duration lifetime) {
    long issued = now.getEpochSecond();
    ObjectNode header = JSON.createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.putArray("x5c").add(certificateBase64());
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", issuer);
    claims.put("sub", user.orElse(""));
    claims.put("aud", service);
    claims.put("exp", issued + lifetime.toSeconds() - TokenServer.REGISTRY_LEEWAY.toSeconds());
    claims.put("nbf", issued);
    claims.put("iat", issued);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode list = claims.putArray("access");
    for (Scopes.Access entry : access) {
      ObjectNode item = list.addObject();
      item.put("type", entry.type());
      item.put("name", entry.name());
      entry.actions().forEach(item.putArray("actions")::add);
    }
    String signingInput = encode(header) + "." + encode(claims);
    return signingInput + "." + URL.encodeToString(signature(signingInput));
  }

  private String certificateBase64() {
    try {
      return Base64.getEncoder().encodeToString(key.certificate().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encode the token signing certificate: " + e.getMessage(), e);
    }
  }

  private byte[] signature(String signingInput) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key.privateKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return rsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sign a test token: " + e.getMessage(), e);
    }
  }

  private static String encode(ObjectNode node) {
    try {
      return URL.encodeToString(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encode a test token: " + e.getMessage(), e);
    }
  }
}
