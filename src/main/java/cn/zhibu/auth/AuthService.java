package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
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
  private final AccountRepository accounts;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final Set<String> bootstrapAdmins;
  private final int loginsPerMinute;
  private final int failuresPerMinute;
  private final io.vertx.sqlclient.Pool pool;
  private java.util.function.Function<Caller, Future<Long>> unreadNotices = caller -> Future.succeededFuture(0L);
  private java.util.function.Function<Caller, Future<Double>> studyHours = caller -> Future.succeededFuture(0.0);
  private java.util.function.Function<Caller, Future<Double>> volunteerHours = caller -> Future.succeededFuture(0.0);

  AuthService(WeChatClient wechat, AccountRepository accounts, Sessions sessions, RateLimiter limiter,
      Set<String> bootstrapAdmins, int loginsPerMinute, int failuresPerMinute, io.vertx.sqlclient.Pool pool) {
    this.failuresPerMinute = failuresPerMinute;
    this.pool = pool;
    this.wechat = wechat;
    this.accounts = accounts;
    this.sessions = sessions;
    this.limiter = limiter;
    this.bootstrapAdmins = bootstrapAdmins;
    this.loginsPerMinute = loginsPerMinute;
  }

  /**
   * A WeChat login. Failed codes and successful logins are budgeted apart per client address: junk spends
   * only the small failure budget, so it cannot lock out the valid logins that share a campus address.
   */
  Future<Users.Login> login(String code, Audit.Actor origin) {
    String ip = origin.ip();
    return limiter.under("login-fail:" + ip, failuresPerMinute)
        .compose(v -> limiter.under("login-ok:" + ip, loginsPerMinute))
        // Only a code WeChat refused is the client's failure; WeChat busy or rate-limited is not.
        .compose(v -> wechat.jscode2session(code).recover(err -> err instanceof ApiException api
                && (api.status() == 400 || api.status() == 401)
            ? limiter.count("login-fail:" + ip, Duration.ofMinutes(1)).transform(x -> Future.failedFuture(err))
            : Future.failedFuture(err)))
        .compose(session -> limiter.count("login-ok:" + ip, Duration.ofMinutes(1)).map(session))
        .compose(session -> accounts.personForOpenid(session.openid())
            .compose(personId -> bootstrapAdmins.contains(session.openid())
                ? accounts.grantRootAdmin(personId).compose(v -> sessions.rolesChanged(personId)).map(personId)
                : Future.succeededFuture(personId)))
        .compose(personId -> sessions.open(personId, "miniprogram")
            .compose(issued -> Audit.recordForPerson(pool, new Audit.Actor(personId, ip, origin.requestId()), personId,
                "auth.login", "client:miniprogram", new JsonObject()).map(issued))
            .compose(issued -> accounts.user(personId).map(user -> Users.Login.of(issued, user))));
  }

  Future<Users.User> bind(Caller caller, String number, String name, String code, String clientIp) {
    return limiter.check("bind:" + caller.personId(), 5, Duration.ofMinutes(15))
        // Per address as generous as login (campus NATs); the per-person limit is what stops guessing.
        .compose(v -> limiter.check("bind-ip:" + clientIp, loginsPerMinute, Duration.ofMinutes(1)))
        .compose(v -> accounts.bind(caller.personId(), number, name, code))
        .compose(v -> Audit.recordForPerson(pool, new Audit.Actor(caller.personId(), clientIp, null), caller.personId(),
            "auth.bind", "person:" + caller.personId(), new JsonObject().put("number", number)))
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

  Future<Users.Me> me(Caller caller) {
    java.time.Instant yearStart = java.time.LocalDate.now(cn.zhibu.platform.Times.SCHOOL_ZONE).withDayOfYear(1)
        .atStartOfDay(cn.zhibu.platform.Times.SCHOOL_ZONE).toInstant();
    Future<Long> points = accounts.pointsSince(caller.personId(), yearStart);
    Future<Long> unread = unreadNotices.apply(caller);
    Future<Double> study = studyHours.apply(caller);
    Future<Double> volunteer = volunteerHours.apply(caller);
    return accounts.user(caller.personId()).compose(user -> Future.all(points, unread, study, volunteer).map(user))
        .map(user -> {
      boolean leader = caller.roles().stream().anyMatch(g -> Role.TEAM.contains(g.role()));
      boolean member = leader || caller.roles().stream().anyMatch(g -> g.role() == Role.MEMBER);
      int required = leader ? 56 : member ? 32 : 0;
      return new Users.Me(user.id(), user.name(), user.bound(), user.roles(), unread.result(), points.result(),
          new Users.Study(study.result(), required), volunteer.result());
    });
  }

  /** Everything held about the person (PIPL access right). */
  Future<Users.Data> myData(Caller caller) {
    return accounts.everything(caller.personId());
  }

  Future<Sessions.Issued> refresh(String refreshToken) {
    return sessions.rotate(refreshToken);
  }

  Future<Void> logout(Caller caller) {
    return sessions.revoke(caller.sessionId(), "logout");
  }

  Future<Users.User> userOf(UUID personId) {
    return accounts.user(personId);
  }
}
