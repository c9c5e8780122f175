package cn.zhibu.auth;

import cn.zhibu.platform.RateLimiter;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Login, bind and the caller's own views. */
public final class AuthService {
  private final WeChatClient wechat;
  private final Accounts accounts;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final Set<String> bootstrapAdmins;
  private final int loginsPerMinute;
  private java.util.function.Function<Caller, Future<Long>> unreadNotices = caller -> Future.succeededFuture(0L);
  private java.util.function.Function<Caller, Future<Double>> studyHours = caller -> Future.succeededFuture(0.0);
  private java.util.function.Function<Caller, Future<Double>> volunteerHours = caller -> Future.succeededFuture(0.0);

  AuthService(WeChatClient wechat, Accounts accounts, Sessions sessions, RateLimiter limiter,
      Set<String> bootstrapAdmins, int loginsPerMinute) {
    this.wechat = wechat;
    this.accounts = accounts;
    this.sessions = sessions;
    this.limiter = limiter;
    this.bootstrapAdmins = bootstrapAdmins;
    this.loginsPerMinute = loginsPerMinute;
  }

  Future<JsonObject> login(String code, String clientIp) {
    return limiter.check("login:" + clientIp, loginsPerMinute, Duration.ofMinutes(1))
        .compose(v -> wechat.jscode2session(code))
        .compose(session -> accounts.personForOpenid(session.openid())
            .compose(personId -> bootstrapAdmins.contains(session.openid())
                ? accounts.grantRootAdmin(personId).compose(v -> sessions.rolesChanged(personId)).map(personId)
                : Future.succeededFuture(personId)))
        .compose(personId -> sessions.open(personId, "miniprogram")
            .compose(issued -> accounts.user(personId).map(user -> issued.toJson().put("user", user))));
  }

  Future<JsonObject> bind(Caller caller, String number, String name, String code, String clientIp) {
    return limiter.check("bind:" + caller.personId(), 5, Duration.ofMinutes(15))
        // Per address as generous as login (campus NATs); the per-person limit is what stops guessing.
        .compose(v -> limiter.check("bind-ip:" + clientIp, loginsPerMinute, Duration.ofMinutes(1)))
        .compose(v -> accounts.bind(caller.personId(), number, name, code))
        .compose(v -> sessions.rolesChanged(caller.personId()))
        .compose(v -> accounts.user(caller.personId()));
  }

  /** The notices feature counts unread notices; it is built after auth, so it plugs in here. */
  void countUnreadWith(java.util.function.Function<Caller, Future<Long>> counter) {
    this.unreadNotices = counter;
  }

  void countVolunteerWith(java.util.function.Function<Caller, Future<Double>> counter) {
    this.volunteerHours = counter;
  }

  void countStudyWith(java.util.function.Function<Caller, Future<Double>> counter) {
    this.studyHours = counter;
  }

  Future<JsonObject> me(Caller caller) {
    java.time.Instant yearStart = java.time.LocalDate.now(cn.zhibu.platform.Times.SCHOOL_ZONE).withDayOfYear(1)
        .atStartOfDay(cn.zhibu.platform.Times.SCHOOL_ZONE).toInstant();
    Future<Long> points = accounts.pointsSince(caller.personId(), yearStart);
    Future<Long> unread = unreadNotices.apply(caller);
    Future<Double> study = studyHours.apply(caller);
    Future<Double> volunteer = volunteerHours.apply(caller);
    return accounts.user(caller.personId()).compose(user -> Future.all(points, unread, study, volunteer).map(user))
        .map(user -> {
      boolean leader = caller.roles().stream().anyMatch(g -> g.role() == Role.SECRETARY || g.role() == Role.COMMITTEE);
      boolean member = leader || caller.roles().stream().anyMatch(g -> g.role() == Role.MEMBER);
      int required = leader ? 56 : member ? 32 : 0;
      return user.put("unreadNotices", unread.result()).put("pointsThisYear", points.result())
          .put("study", new JsonObject().put("creditedHours", study.result()).put("requiredHours", required))
          .put("volunteerHoursThisYear", volunteer.result());
    });
  }

  Future<JsonObject> myData(Caller caller) {
    return accounts.everything(caller.personId());
  }

  Future<Sessions.Issued> refresh(String refreshToken) {
    return sessions.rotate(refreshToken);
  }

  Future<Void> logout(Caller caller) {
    return sessions.revoke(caller.sessionId(), "logout");
  }

  Future<JsonObject> userOf(UUID personId) {
    return accounts.user(personId);
  }
}
