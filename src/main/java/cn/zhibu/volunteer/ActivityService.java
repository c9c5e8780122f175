package cn.zhibu.volunteer;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.onsite.OnSite;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Activities, sign-ups with capacity, and on-site check-in and check-out with the rotating code. */
final class ActivityService {
  static final Set<Role> ORGANISERS = Role.TEAM;
  static final Duration OPENS_BEFORE = Duration.ofMinutes(30);
  private final Pool pool;
  private final ActivityRepository activities;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Points points;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ActivityService(Pool pool, ActivityRepository activities, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    this.pool = pool;
    this.activities = activities;
    this.scope = scope;
    this.orgs = orgs;
    this.points = points;
    this.clock = clock;
  }

  Future<Activity.View> create(Caller caller, Activity.Draft draft) {
    UUID orgId = draft.orgId();
    Instant starts = Times.parse(draft.startsAt());
    Instant ends = Times.parse(draft.endsAt());
    Activity.Location place = draft.location();
    UUID id = UUID.randomUUID();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return scope.require(caller, orgId, ORGANISERS).compose(org -> {
      if (!ends.isAfter(starts)) {
        return Future.failedFuture(ApiException.unprocessable("volunteer.invalid_time", "An activity must end after it starts"));
      }
      return activities.insert(new ActivityRepository.New(id, org.id(), draft.title().strip(), starts, ends,
          place == null ? null : place.lat(), place == null ? null : place.lng(), place == null ? null : place.radiusM(),
          draft.capacity(), secret, caller.personId(), clock.instant()));
    }).compose(v -> find(id)).map(a -> a.view(null));
  }

  /**
   * Activities not yet ended that are open to the caller: those of their chain (their org and every org above
   * it) and, for organisers, those of the orgs they run; soonest first, with whether the caller has signed up.
   */
  Future<Map<String, List<Activity.View>>> upcoming(Caller caller) {
    List<UUID> run = caller.roles().stream().filter(g -> ORGANISERS.contains(g.role()) || g.role() == Role.ADMIN)
        .map(cn.zhibu.auth.RoleGrant::orgId).toList();
    return orgs.chain(caller)
        .compose(chain -> activities.upcoming(chain, run, caller.personId(), clock.instant()))
        .map(listed -> Map.of("items", listed.stream().map(l -> l.activity().view(l.mine())).toList()));
  }

  private Future<Activity> find(UUID id) {
    return activities.find(id).compose(a -> a == null ? Future.failedFuture(ApiException.notFound("The activity"))
        : Future.succeededFuture(a));
  }

  /** The activity, if its org is in the caller's chain or the caller organises there; else 404. */
  Future<Activity> visible(Caller caller, UUID id) {
    return find(id).compose(a -> orgs.chain(caller).compose(chain -> chain.contains(a.orgId())
        ? Future.succeededFuture(a)
        : orgs.find(a.orgId()).compose(org -> Scope.covers(caller, org, Role.LEADERS)
            ? Future.succeededFuture(a) : Future.failedFuture(ApiException.notFound("The activity")))));
  }

  private Future<Activity> organised(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> scope.require(caller, a.orgId(), ORGANISERS).map(a));
  }

  /** A place, if there is room (409 {@code volunteer.full}); signing up twice is one sign-up. */
  Future<Activity.SignUp> signUp(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> pool.withTransaction(tx ->
            activities.signUp(tx, id, caller.personId(), clock.instant()).compose(created -> created == null
                ? Future.failedFuture(ApiException.conflict("volunteer.full", "This activity is full"))
                : Future.succeededFuture(created))))
        .map(created -> new Activity.SignUp(id, caller.personId(), true, created));
  }

  Future<Void> cancel(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> pool.withTransaction(tx -> activities.cancel(tx, id, caller.personId())));
  }

  Future<Activity.Code> currentCode(Caller caller, UUID id) {
    return organised(caller, id).map(a -> {
      Instant now = clock.instant();
      return new Activity.Code(a.code().at(now), Times.format(a.code().expiresAt(now)));
    });
  }

  /** Refusals shared by check-in and check-out: not signed up, outside the window, a bad code, too far. */
  private Future<Activity> onSite(Caller caller, UUID id, Activity.Scan scan, Instant now, boolean closing) {
    return visible(caller, id).compose(a -> activities.signedUp(id, caller.personId()).compose(signed -> {
      if (!signed) {
        return Future.failedFuture(ApiException.unprocessable("volunteer.not_signed_up", "Sign up for this activity first"));
      }
      ApiException refused = OnSite.refusal(a.startsAt().minus(OPENS_BEFORE), closing ? null : a.endsAt(), a.code(),
          scan.code(), a.place(), scan.lat(), scan.lng(), now);
      return refused != null ? Future.failedFuture(refused) : Future.succeededFuture(a);
    }));
  }

  /**
   * Opens the person's on-site record. Nobody is in two places at once: a record of theirs that is still open,
   * or that covers this moment, is an overlap (the same rule as for self-reports).
   */
  Future<Activity.Onsite> checkIn(Caller caller, UUID id, Activity.Scan scan) {
    Instant now = now();
    UUID person = caller.personId();
    return onSite(caller, id, scan, now, false)
        .compose(a -> pool.withTransaction(tx -> RecordRepository.lockPerson(tx, person)
            .compose(v -> activities.busyElsewhere(tx, person, id, now, a.endsAt()))
            .compose(busy -> busy ? Future.failedFuture(ApiException.conflict("volunteer.overlap",
                    "You are checked in elsewhere at this time; check out there first"))
                : activities.openOnsite(tx, id, person, now))))
        .compose(v -> onsite(person, id));
  }

  /** Hours are checkout − checkin, clipped to the activity's time; then the day's rules decide (see below). */
  Future<Activity.Onsite> checkOut(Caller caller, UUID id, Activity.Scan scan) {
    Instant now = now();
    return onSite(caller, id, scan, now, true)
        .compose(a -> closeRecords(a, caller.personId(), true, now))
        .compose(v -> onsite(caller.personId(), id));
  }

  /** The organiser closes others' forgotten check-outs, never their own, at now or the activity's end. */
  Future<Activity.Closed> close(Caller caller, UUID id) {
    Instant now = now();
    return organised(caller, id).compose(a -> closeRecords(a, caller.personId(), false, now))
        .map(closed -> new Activity.Closed(id, closed));
  }

  /**
   * Closes open on-site records with the rules self-reports follow: a day's total over 8 h waits for an admin
   * of the org above, and no day counts more than 12 h; the organiser's own hours wait for someone else's
   * review. Everything else counts at once: the rotating code on site was the organiser's verification.
   */
  private Future<Integer> closeRecords(Activity a, UUID person, boolean theirs, Instant now) {
    Instant until = now.isBefore(a.endsAt()) ? now : a.endsAt();
    return points.inTransaction(pool, (tx, awards) -> activities.lockOpen(tx, a.id(), person, theirs).compose(open -> {
      Future<Void> chain = Future.succeededFuture();
      for (ActivityRepository.Open r : open) {
        int minutes = HourRules.clippedMinutes(r.startedAt(), until, a.startsAt(), a.endsAt());
        chain = chain.compose(v -> RecordRepository.lockPerson(tx, r.personId()))
            .compose(v -> RecordRepository.dayMinutes(tx, r.personId(), r.startedAt(), r.recordId()))
            .compose(dayMinutes -> {
              HourRules.Closing closing = HourRules.closing(dayMinutes, minutes, r.personId().equals(a.createdBy()));
              return activities.close(tx, r.recordId(), closing.status(), until, closing.minutes())
                  .compose(x -> "approved".equals(closing.status())
                      ? awards.add(hoursAward(r.personId(), r.recordId(), closing.minutes())).mapEmpty()
                      : Future.succeededFuture());
            });
      }
      return chain.map(open.size());
    }));
  }

  /** Approved hours: volunteer points (2 a whole hour, capped as the rules say) and the hours boards. */
  static Award hoursAward(UUID person, UUID recordId, int minutes) {
    return Award.of(person, PointRules.VOLUNTEER, "volunteer_record", recordId.toString())
        .withAmount(HourRules.points(minutes, PointRules.VOLUNTEER.defaultAmount), minutes);
  }

  private Future<Activity.Onsite> onsite(UUID person, UUID activityId) {
    return activities.onsite(activityId, person).compose(record -> record == null
        ? Future.failedFuture(ApiException.unprocessable("volunteer.not_checked_in", "Check in first"))
        : Future.succeededFuture(record));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
