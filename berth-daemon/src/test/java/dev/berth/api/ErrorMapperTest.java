package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.InvalidStateException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void map_engineErrors_getDockersStatuses() {
    assertThat(ErrorMapper.map(new InvalidArgumentException("bad"))).isEqualTo(new ErrorMapper.ApiError(400, "bad"));
    assertThat(ErrorMapper.map(new NotFoundException("No such image: x:latest"))).isEqualTo(new ErrorMapper.ApiError(404, "No such image: x:latest"));
    assertThat(ErrorMapper.map(new ConflictException("in use")).status()).isEqualTo(409);
    assertThat(ErrorMapper.map(new InvalidStateException("container c", "running", "created")))
        .isEqualTo(new ErrorMapper.ApiError(409, "container c: invalid state transition from running to created"));
  }

  @Test
  void map_systemError_is500WithItsCause() {
    ErrorMapper.ApiError e = ErrorMapper.map(new SystemException("saving image busybox", new IOException("No space left on device")));
    assertThat(e).isEqualTo(new ErrorMapper.ApiError(500, "saving image busybox: No space left on device"));
  }

  @Test
  void map_unexpectedError_is500WithItsMessage() {
    assertThat(ErrorMapper.map(new NullPointerException("x is null"))).isEqualTo(new ErrorMapper.ApiError(500, "x is null"));
    assertThat(ErrorMapper.map(new IllegalStateException()).message()).isEqualTo("IllegalStateException");
  }
}
