package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class SecuredPathsTest {
  private static SecuredPaths paths() {
    SecuredPaths paths = new SecuredPaths();
    paths.add(HttpMethod.POST, "/auth/wechat", false);
    paths.add(HttpMethod.POST, "/events/{id}/checkins", true);
    paths.add(HttpMethod.GET, "/requests/board", false);
    paths.add(HttpMethod.GET, "/requests/{id}", true);
    paths.add(HttpMethod.GET, "/healthz", false);
    return paths;
  }

  @Test
  void templatesTakeOneSegmentPerParameterBehindAnyPrefix() {
    SecuredPaths paths = paths();
    assertTrue(paths.secured(HttpMethod.POST, "/api/v1/events/3f2a/checkins"));
    assertFalse(paths.secured(HttpMethod.POST, "/api/v1/events//checkins"), "an empty segment is no id");
    assertFalse(paths.secured(HttpMethod.POST, "/api/v1/events/a/b/checkins"), "a parameter is one segment");
    assertFalse(paths.secured(HttpMethod.GET, "/api/v1/events/3f2a/checkins"), "the method counts");
    assertFalse(paths.secured(HttpMethod.POST, "/api/v1/auth/wechat"));
  }

  @Test
  void theLiteralPathDecidesOverTheTemplatedOne() {
    SecuredPaths paths = paths();
    assertFalse(paths.secured(HttpMethod.GET, "/api/v1/requests/board"));
    assertTrue(paths.secured(HttpMethod.GET, "/api/v1/requests/7"));
  }

  @Test
  void aPathNoOperationNamesIsLeftToTheRouter() {
    SecuredPaths paths = paths();
    assertFalse(paths.secured(HttpMethod.GET, "/api/v1/nothing/here"));
    assertFalse(paths.secured(HttpMethod.DELETE, "/api/v1/requests/7"));
    assertFalse(paths.secured(HttpMethod.GET, "/api/v1/xhealthz"), "a segment matches whole");
  }
}
