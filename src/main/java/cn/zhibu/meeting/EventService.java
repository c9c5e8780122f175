package cn.zhibu.meeting;

import cn.zhibu.onsite.OnSite;
import cn.zhibu.onsite.CheckinCode;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creating events, finding them in scope, and the codes a secretary's phone shows. */
final class EventService {
  static final Duration CHECKIN_OPENS_BEFORE = Duration.ofMinutes(30);
  static final Duration LATEST_BACKDATE = Duration.ofHours(1);
  /** How far back a meeting held without the app may be recorded (补录): a school year and a little. */
  static final Duration OLDEST_BACKFILL = Duration.ofDays(400);
  static final Set<Role> ORGANISERS = Role.TEAM;
  static final String CHECKIN_PAGE = "pages/scan/scan";
  private final EventRepository events;
  private final Scope scope;
  private final WeChatClient wechat;
  private final Clock clock;
  private final cn.zhibu.platform.RateLimiter limiter;
  private final SecureRandom random = new SecureRandom();

  EventService(EventRepository events, Scope scope, WeChatClient wechat, cn.zhibu.platform.RateLimiter limiter,
      Clock clock) {
    this.events = events;
    this.limiter = limiter;
    this.scope = scope;
    this.wechat = wechat;
    this.clock = clock;
  }

  /** What an organiser sends to create a meeting (the contract has checked it); {@code backfill} makes it a 补录. */
  record Draft(UUID orgId, String type, String title, String startsAt, String endsAt, OnSite.Place location,
      Integer codeStepSeconds, String checkinOpensAt, String checkinClosesAt, Audience audience, Backfill backfill) {
  }

  /** Who an event is for (default: the org's members); {@code personIds} only for {@code people}. */
  record Audience(String kind, List<UUID> personIds) {
    static final Audience MEMBERS = new Audience("members", null);

    boolean valid(String type) {
      boolean named = "people".equals(kind);
      return named == (personIds != null && !personIds.isEmpty())
          && (!"committee_meeting".equals(type) || "members".equals(kind));
    }
  }

  /** Why a meeting held without the app is recorded after the fact. */
  record Backfill(String reason) {
  }

  Future<Event.View> create(Caller caller, Draft body) {
    Instant startsAt = Times.parse(body.startsAt());
    Instant endsAt = Times.parse(body.endsAt());
    Instant opens = body.checkinOpensAt() != null ? Times.parse(body.checkinOpensAt())
        : startsAt.minus(CHECKIN_OPENS_BEFORE);
    Instant closes = body.checkinClosesAt() != null ? Times.parse(body.checkinClosesAt()) : endsAt;
    OnSite.Place place = body.location();
    Backfill backfill = body.backfill();
    Audience audience = body.audience() == null ? Audience.MEMBERS : body.audience();
    if (!audience.valid(body.type())) {
      return Future.failedFuture(ApiException.unprocessable("event.invalid_audience",
          "A 支委会 is for the org's leaders only; named people need personIds, and only they do"));
    }
    return host(caller, body.orgId()).compose(org -> {
      if (!endsAt.isAfter(startsAt) || !closes.isAfter(opens)) {
        return Future.failedFuture(ApiException.unprocessable("event.invalid_time",
            "An event must end after it starts, and check-in must close after it opens"));
      }
      Instant now = clock.instant();
      if (backfill == null && startsAt.isBefore(now.minus(LATEST_BACKDATE))) {
        return Future.failedFuture(ApiException.unprocessable("event.backdated",
            "An event cannot start more than an hour in the past; record a meeting held without the app as 补录"));
      }
      if (backfill != null && (endsAt.isAfter(now) || startsAt.isBefore(now.minus(OLDEST_BACKFILL)))) {
        return Future.failedFuture(ApiException.unprocessable("event.backfill_time",
            "补录 is for a meeting that has ended, within the last " + OLDEST_BACKFILL.toDays() + " days"));
      }
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      Event event = new Event(UUID.randomUUID(), org.id(), body.type(), body.title().strip(), startsAt, endsAt,
          place == null ? null : place.lat(), place == null ? null : place.lng(), place == null ? null : place.radiusM(),
          body.codeStepSeconds() == null ? 30 : body.codeStepSeconds(), opens, closes, secret, 0,
          backfill == null ? Event.Record.scheduled(caller.personId())
              : Event.Record.backfill(caller.personId(), backfill.reason().strip()));
      return events.insert(event, caller.personId(), audience);
    }).map(Event::view);
  }

  Future<Event.View> get(Caller caller, UUID id) {
    return visible(caller, id).map(Event::view);
  }

  /** 补录 of the orgs below this one, for its admins and secretaries, who decide them (never their own). */
  Future<cn.zhibu.platform.Page<Event.View>> pendingBackfills(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, cn.zhibu.auth.Role.MANAGERS).compose(org -> events.pendingBackfills(org.id()))
        .map(found -> new cn.zhibu.platform.Page<>(found.stream().map(Event::view).toList(), null));
  }

  /** A page of events by start time: the time window asked, and where the cursor left off. */
  record Window(Instant start, Instant end, Instant afterStart, UUID afterId) {
    static Window of(String from, String to, String cursor) {
      String key = Cursor.decode(cursor);
      String[] position = key == null ? null : key.split("\\|", 2);
      try {
        return new Window(from == null ? Instant.EPOCH : Times.parse(from),
            to == null ? Instant.parse("2200-01-01T00:00:00Z") : Times.parse(to),
            position == null ? Instant.EPOCH.minusSeconds(1) : Instant.ofEpochMilli(Long.parseLong(position[0])),
            position == null ? new UUID(0, 0) : UUID.fromString(position[1]));
      } catch (ApiException e) {
        throw e;
      } catch (RuntimeException e) {
        throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
      }
    }
  }

  Future<cn.zhibu.platform.Page<Event.View>> list(Caller caller, UUID orgId, String from, String to, String cursor, int limit) {
    Window w;
    try {
      w = Window.of(from, to, cursor);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return scope.visible(caller, orgId)
        .compose(org -> events.list(org.id(), w.start(), w.end(), w.afterStart(), w.afterId(), limit + 1))
        .map(found -> page(found, limit));
  }

  /**
   * The events the caller is expected at, whichever org holds them: their branch's meetings, a college's training
   * for its secretaries, the 积极分子培训班 — the phone's 会议 list.
   */
  Future<cn.zhibu.platform.Page<Event.View>> mine(Caller caller, String from, String to, String cursor, int limit) {
    Window w;
    try {
      w = Window.of(from, to, cursor);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return events.expectedOf(caller.personId(), w.start(), w.end(), w.afterStart(), w.afterId(), limit + 1)
        .map(found -> page(found, limit));
  }

  private static cn.zhibu.platform.Page<Event.View> page(List<Event> found, int limit) {
    return cn.zhibu.platform.Page.of(found, limit, last -> Cursor.encode(last.startsAt().toEpochMilli() + "|" + last.id()))
        .map(Event::view);
  }

  /** A phone refreshing its QR code every few seconds is fine; a script scraping codes is not. */
  /** {@code CheckinCode}: the code showing now, when it stops, and how long each lasts. */
  record Code(String code, String expiresAt, int stepSeconds) {
  }

  Future<Code> currentCode(Caller caller, UUID id) {
    return limiter.check("checkin-code:" + caller.personId(), 120, Duration.ofMinutes(1))
        .compose(v -> organised(caller, id)).map(event -> {
      Instant now = clock.instant();
      CheckinCode code = event.code();
      return new Code(code.at(now), Times.format(code.expiresAt(now)), event.codeStepSeconds());
    });
  }

  Future<Buffer> poster(Caller caller, UUID id) {
    return organised(caller, id).compose(event -> wechat.unlimitedQrCode("e=" + CheckinCode.ref(event.id()),
        CHECKIN_PAGE));
  }

  /** The event, if the caller may see it: an expected attendee or anyone whose orgs it is in or above. */
  Future<Event> visible(Caller caller, UUID id) {
    return events.find(id).compose(event -> events.isExpected(id, caller.personId()).compose(expected -> expected
        ? Future.succeededFuture(event)
        : scope.visible(caller, event.orgId()).map(event)
            .recover(err -> Future.failedFuture(ApiException.notFound("The event")))));
  }

  /** The event, if the caller is one of its organisers (secretary or committee at its org or above). */
  Future<Event> organised(Caller caller, UUID id) {
    return visible(caller, id).compose(event -> host(caller, event.orgId()).map(event));
  }

  /**
   * The org, if the caller may hold its events: one of its leaders (or of an org above it), or an admin of this
   * very org — the 组织部 runs the school's trainings, a college's admin the college's, but neither holds a
   * branch's meetings for it.
   */
  private Future<cn.zhibu.org.Org> host(Caller caller, UUID orgId) {
    return caller.has(Role.ADMIN, orgId) ? scope.visible(caller, orgId) : scope.require(caller, orgId, ORGANISERS);
  }

  /** The event, if the caller may manage it with one of {@code roles}. */
  Future<Event> managed(Caller caller, UUID id, Set<Role> roles) {
    return visible(caller, id).compose(event -> scope.require(caller, event.orgId(), roles).map(event));
  }

}
