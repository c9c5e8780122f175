package cn.zhibu.profile;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * 党员信息: the fields 党内统计 asks for. The person sees their own; secretaries and admins over their branch see
 * and correct them (a member does not edit their own record: the branch answers for it). Every change audited
 * with the fields it touched.
 */
final class ProfileService {
  private static final List<String> FIELDS = List.of("gender", "birthDate", "ethnicity", "education", "joinedAt",
      "fullMemberAt", "category", "professionalTitle", "post", "dualLeader", "graduatesOn");
  private final Pool pool;
  private final ProfileRepository profiles;
  private final Scope scope;
  private final java.time.Clock clock;

  ProfileService(Pool pool, ProfileRepository profiles, Scope scope, java.time.Clock clock) {
    this.pool = pool;
    this.profiles = profiles;
    this.scope = scope;
    this.clock = clock;
  }

  /** The person, if the caller is them (reading) or manages their branch; 404 outside the caller's sight. */
  private Future<ProfileRepository.Stored> allowed(Caller caller, UUID id, boolean write) {
    return profiles.find(id).compose(p -> {
      if (p == null || p.orgId() == null) {
        return Future.failedFuture(ApiException.notFound("The person"));
      }
      if (!write && id.equals(caller.personId())) {
        return Future.succeededFuture(p);
      }
      return scope.visible(caller, p.orgId())
          .recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
          .compose(org -> Scope.covers(caller, org, Role.MANAGERS) ? Future.succeededFuture(p)
              : Future.failedFuture(ApiException.forbidden("The branch secretary keeps members' records")));
    });
  }

  Future<ProfileRepository.Profile> get(Caller caller, UUID id) {
    return allowed(caller, id, false).map(ProfileRepository.Stored::profile);
  }

  /** No record before this: a year-0000 date is a typing slip, not a history. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

  /**
   * Dates are from 1900 on and not in the future (Beijing time); 转正 does not come before 入党, judged against what
   * is stored for the date not sent; nobody corrects their own record; every change is audited.
   */
  Future<ProfileRepository.Profile> update(Caller caller, Audit.Actor actor, UUID id, JsonObject changes) {
    for (String date : List.of("birthDate", "joinedAt", "fullMemberAt")) {
      String v = changes.getString(date);
      if (v != null && LocalDate.parse(v).isAfter(LocalDate.now(clock.withZone(cn.zhibu.platform.Times.SCHOOL_ZONE)))) {
        return Future.failedFuture(ApiException.unprocessable("profile.future_date", date + " cannot be in the future"));
      }
      if (v != null && LocalDate.parse(v).isBefore(EARLIEST)) {
        return Future.failedFuture(ApiException.unprocessable("profile.implausible_date", date + " is before 1900"));
      }
    }
    return allowed(caller, id, true).compose(p -> {
      if (id.equals(caller.personId())) {
        return Future.failedFuture(ApiException.unprocessable("profile.own_record",
            "Your own record is corrected by another secretary or an admin"));
      }
      String joined = changes.containsKey("joinedAt") ? changes.getString("joinedAt") : p.profile().joinedAt();
      String full = changes.containsKey("fullMemberAt") ? changes.getString("fullMemberAt") : p.profile().fullMemberAt();
      if (joined != null && full != null && LocalDate.parse(full).isBefore(LocalDate.parse(joined))) {
        return Future.failedFuture(ApiException.unprocessable("profile.dates_out_of_order",
            "fullMemberAt cannot be before joinedAt"));
      }
      return pool.withTransaction(tx -> profiles.update(tx, id, changes)
          .compose(updated -> Audit.record(tx, actor, p.orgId(), "profile.update", "person:" + id,
                  new JsonObject().put("fields", new io.vertx.core.json.JsonArray(FIELDS.stream()
                      .filter(changes::containsKey).toList())))
              .map(updated.profile())));
    });
  }
}
