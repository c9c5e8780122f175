package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiRouterTest {
  @Test
  void theSegmentAfterTheMountPointPicksTheRouter() {
    assertEquals("events", ApiRouter.firstSegment("/api/v1/events/3f/checkins", 7));
    assertEquals("me", ApiRouter.firstSegment("/api/v1/me", 7));
    assertEquals("me", ApiRouter.firstSegment("/me/data", 0));
    assertEquals("", ApiRouter.firstSegment("/api/v1/", 7));
    assertEquals("", ApiRouter.firstSegment("/api/v1", 7));
    assertEquals("", ApiRouter.firstSegment("/api/v1x/me", 7), "only a slash starts a segment");
  }
}
