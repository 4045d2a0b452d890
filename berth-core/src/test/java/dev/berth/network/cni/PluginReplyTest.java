package dev.berth.network.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginReplyTest {
  private static final CniBridge.Attachment ATT = new CniBridge.Attachment("n1", "bt1", "c1",
      new CniBridge.NetNsRef(Path.of("/run/berth/netns/c1")), "eth0", "10.89.0.2", 24, "10.89.0.1");

  @Test
  void result_bridgePluginOutput_containerMacAndHostVeth() {
    String out = """
        {"cniVersion":"1.0.0","interfaces":[{"name":"bt1","mac":"aa:aa:aa:aa:aa:01"},
         {"name":"veth1a2b3c4d","mac":"aa:aa:aa:aa:aa:02"},
         {"name":"eth0","mac":"2e:00:00:00:00:03","sandbox":"/run/berth/netns/c1"}],
         "ips":[{"interface":2,"address":"10.89.0.2/24","gateway":"10.89.0.1"}],"dns":{}}""";

    CniBridge.Result r = PluginReply.result(out, ATT, "attach");

    assertThat(r).isEqualTo(new CniBridge.Result("2e:00:00:00:00:03", "veth1a2b3c4d"));
  }

  @Test
  void result_noSandboxInterface_systemExceptionQuotingTheOutput() {
    String out = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"bt1\"},{\"name\":\"veth9\"}]}";

    assertThatThrownBy(() -> PluginReply.result(out, ATT, "attach c1")).isInstanceOf(SystemException.class)
        .hasMessageContaining("attach c1").hasMessageContaining("container interface eth0").hasMessageContaining("veth9");
  }

  @Test
  void result_notJson_systemException() {
    assertThatThrownBy(() -> PluginReply.result("oops", ATT, "attach c1")).isInstanceOf(SystemException.class)
        .hasMessageContaining("oops");
  }

  @Test
  void error_errorObject_msgAndDetails() {
    var o = new PluginCall.Outcome(1, "{\"code\":11,\"msg\":\"failed to open netns\",\"details\":\"no such file\"}", "");

    assertThat(PluginReply.error(o)).isEqualTo("failed to open netns: no such file");
  }

  @Test
  void error_errorObjectWithoutDetails_msgOnly() {
    var o = new PluginCall.Outcome(1, "{\"code\":7,\"msg\":\"bad config\"}", "");

    assertThat(PluginReply.error(o)).isEqualTo("bad config");
  }

  @Test
  void error_noErrorObject_stderrThenExitStatus() {
    assertThat(PluginReply.error(new PluginCall.Outcome(2, "", "panic: x\n"))).isEqualTo("panic: x");
    assertThat(PluginReply.error(new PluginCall.Outcome(2, "garbage", ""))).isEqualTo("exit status 2");
  }
}
