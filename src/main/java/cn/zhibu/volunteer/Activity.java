package cn.zhibu.volunteer;

import cn.zhibu.onsite.CheckinCode;
import cn.zhibu.onsite.OnSite;
import cn.zhibu.platform.Times;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A volunteer activity as stored: when and where it happens, its places, and the secret of its rotating code. */
record Activity(UUID id, UUID orgId, String title, Instant startsAt, Instant endsAt, OnSite.Place place,
    Integer capacity, int signedUp, CheckinCode code, UUID createdBy) {

  static final String COLUMNS = """
      id, org_id, title, starts_at, ends_at, lat, lng, radius_m, capacity, signed_up, code_secret, code_step_seconds,
      created_by
      """;

  static Activity from(Row a) {
    return new Activity(a.getUUID("id"), a.getUUID("org_id"), a.getString("title"),
        a.getOffsetDateTime("starts_at").toInstant(), a.getOffsetDateTime("ends_at").toInstant(),
        a.getValue("lat") == null ? null : new OnSite.Place(a.getDouble("lat"), a.getDouble("lng"), a.getInteger("radius_m")),
        a.getInteger("capacity"), a.getInteger("signed_up"),
        new CheckinCode(a.getBuffer("code_secret").getBytes(), a.getUUID("id"), a.getInteger("code_step_seconds")),
        a.getUUID("created_by"));
  }

  /** The contract's {@code VolunteerActivity}: no location when it has no place; {@code mine} in lists only. */
  record View(UUID id, UUID orgId, String title, String startsAt, String endsAt, Integer capacity, int signedUp,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mine,
      @JsonInclude(JsonInclude.Include.NON_NULL) Location location) {
  }

  /** Where it happens, and how close counts as there. */
  record Location(double lat, double lng, int radiusM) {
  }

  View view(Boolean mine) {
    return new View(id, orgId, title, Times.format(startsAt), Times.format(endsAt), capacity, signedUp, mine,
        place == null ? null : new Location(place.lat(), place.lng(), place.radiusM()));
  }

  /** {@code VolunteerOnsite}: the caller's on-site record of an activity. */
  record Onsite(UUID recordId, String status, String checkedInAt, String checkedOutAt, double hours) {
  }

  /** {@code VolunteerSignUp}. */
  record SignUp(UUID activityId, UUID personId, boolean signedUp, boolean created) {
  }

  /** {@code VolunteerCode}. */
  record Code(String code, String expiresAt) {
  }

  /** {@code VolunteerClosed}. */
  record Closed(UUID activityId, int closed) {
  }

  /** What an organiser sends to create one (the contract has checked it). */
  record Draft(UUID orgId, String title, String startsAt, String endsAt, Location location, Integer capacity) {
  }

  /** What a phone sends on site: the code it scanned and where it was. */
  record Scan(String code, Double lat, Double lng) {
  }
}
