package cn.zhibu.volunteer;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Self-reported hours and their review, and everyone's totals. */
public final class RecordService {
  private final Pool pool;
  private final RecordRepository records;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Points points;
  private final Clock clock;

  RecordService(Pool pool, RecordRepository records, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    this.pool = pool;
    this.records = records;
    this.scope = scope;
    this.orgs = orgs;
    this.points = points;
    this.clock = clock;
  }

  /**
   * A self-report is pending until someone else reviews it. Overlapping another of the person's records is
   * refused; the day's total decides the tier (≤ 8 h normal, 8–12 h needs the org above, > 12 h refused).
   */
  Future<HourRecords.Reported> report(Caller caller, HourRecords.SelfReport report) {
    Instant started = Times.parse(report.startedAt()).truncatedTo(ChronoUnit.MICROS);
    Instant ended = Times.parse(report.endedAt()).truncatedTo(ChronoUnit.MICROS);
    if (!ended.isAfter(started) || ended.isAfter(clock.instant().plusSeconds(60))) {
      return Future.failedFuture(ApiException.unprocessable("volunteer.invalid_time",
          "A record must end after it starts, and not in the future"));
    }
    if (!ended.minusNanos(1).atZone(Times.SCHOOL_ZONE).toLocalDate()
        .equals(started.atZone(Times.SCHOOL_ZONE).toLocalDate())) {
      return Future.failedFuture(ApiException.unprocessable("volunteer.spans_days", "Report each day separately"));
    }
    int minutes = (int) Duration.between(started, ended).toMinutes();
    UUID id = UUID.randomUUID();
    UUID person = caller.personId();
    return activityInReach(caller, report.activityId()).compose(ok -> pool.withTransaction(tx ->
        RecordRepository.lockPerson(tx, person)
            .compose(v -> records.day(tx, person, started, ended))
            .compose(day -> {
              if (day.overlaps()) {
                return Future.failedFuture(ApiException.conflict("volunteer.overlap", "This overlaps another of your records"));
              }
              HourRules.Tier tier = HourRules.tier(day.minutes() + minutes);
              if (tier == HourRules.Tier.REFUSED) {
                return Future.failedFuture(ApiException.unprocessable("volunteer.too_many_hours",
                    "More than 12 hours in one day cannot be reported"));
              }
              String status = tier == HourRules.Tier.HIGHER ? "pending_higher" : "pending";
              List<String> evidence = report.evidenceUrls() == null ? List.of() : report.evidenceUrls();
              return records.insertSelfReport(tx, id, person, report.activityId(), status, started, ended, minutes,
                      report.description().strip(), evidence, clock.instant())
                  .map(v -> new HourRecords.Reported(id, status, HourRecords.hours(minutes)));
            })));
  }

  /** A self-report may name an activity of the caller's own orgs; any other id is not found. */
  private Future<Void> activityInReach(Caller caller, UUID activityId) {
    if (activityId == null) {
      return Future.succeededFuture();
    }
    return records.activityOrg(activityId).compose(org -> org == null
        ? Future.failedFuture(ApiException.notFound("The activity"))
        : orgs.chain(caller).compose(chain -> chain.contains(org)
            ? Future.<Void>succeededFuture() : Future.failedFuture(ApiException.notFound("The activity"))));
  }

  /**
   * A secretary over the author's branch reviews a normal record; a record of 8–12 h a day needs an admin of
   * the org above the branch. Never the author. Outside one's scope a record is not found.
   */
  Future<HourRecords.Reviewed> review(Caller caller, Audit.Actor actor, UUID id, HourRecords.Review review) {
    boolean approve = review.approve();
    return points.inTransaction(pool, (tx, awards) -> records.lockForReview(tx, id).compose(r -> r == null
        ? Future.failedFuture(ApiException.notFound("The record"))
        : orgs.find(r.homeOrgId()).compose(home -> {
          if (!Scope.covers(caller, home, Role.MANAGERS)) {
            return Future.failedFuture(ApiException.notFound("The record"));
          }
          if (caller.personId().equals(r.personId())) {
            return Future.failedFuture(ApiException.unprocessable("volunteer.own_record",
                "Someone else must review your own hours"));
          }
          if (!r.status().startsWith("pending")) {
            return Future.failedFuture(ApiException.conflict("volunteer.already_reviewed", "This record was already reviewed"));
          }
          if ("pending_higher".equals(r.status()) && !adminAbove(caller, home)) {
            return Future.failedFuture(ApiException.forbidden(
                "More than 8 hours in a day needs an admin of the org above the branch"));
          }
          return records.review(tx, id, approve, caller.personId(), review.note())
              .compose(v -> Audit.record(tx, actor, home.id(), "volunteer.review", "volunteer_record:" + id,
                  new JsonObject().put("approve", approve).put("personId", r.personId().toString())
                      .put("minutes", r.minutes()).put("note", review.note())))
              .compose(v -> approve ? awards.add(ActivityService.hoursAward(r.personId(), id, r.minutes()))
                  : Future.succeededFuture())
              .map(v -> new HourRecords.Reviewed(id, approve ? "approved" : "refused"));
        })));
  }

  private static boolean adminAbove(Caller caller, Org branch) {
    return branch.ancestry().subList(0, branch.ancestry().size() - 1).stream().anyMatch(a -> caller.has(Role.ADMIN, a));
  }

  Future<HourRecords.Year> mine(Caller caller, Integer year) {
    int y = year == null ? clock.instant().atZone(Times.SCHOOL_ZONE).getYear() : year;
    return records.year(caller.personId(), y);
  }

  /** The certificate of a year: the caller's approved records and total, as a PNG drawn off the event loop. */
  Future<io.vertx.core.buffer.Buffer> certificate(io.vertx.core.Vertx vertx, Caller caller, Integer year) {
    return mine(caller, year).compose(mine -> records.named(caller.personId()).compose(who -> vertx.executeBlocking(
        () -> io.vertx.core.buffer.Buffer.buffer(Certificate.png(who.name(), who.number(), mine.year(),
            mine.approvedHours(), mine.approved())), false)));
  }

  /** Approved hours this year, for /me. */
  public Future<Double> approvedHours(UUID personId, int year) {
    return records.approvedMinutes(personId, year).map(HourRecords::hours);
  }

  /** Approved and pending hours of everyone on a roster in the org's subtree; numbers masked but for admins. */
  Future<HourRecords.Report> orgReport(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? clock.instant().atZone(Times.SCHOOL_ZONE).getYear() : year;
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> records.hoursOfSubtree(org.id(), y))
        .compose(members -> scope.adminOver(caller, orgId).map(full -> new HourRecords.Report(orgId, y,
            members.stream().map(m -> new HourRecords.MemberHours(m.personId(), Masks.number(m.number(), full), m.name(),
                m.approvedHours(), m.pendingHours())).toList())));
  }

  /** Self-reported and closed records of people in the org's subtree, newest first, for those who follow them. */
  Future<Page<HourRecords.Listed>> recordsOf(Caller caller, UUID orgId, String status, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> records.ofSubtree(org.id(), status, after, limit));
  }
}
