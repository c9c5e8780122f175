package cn.zhibu.onsite;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import java.time.Instant;

/**
 * The on-site rule, one for meetings and volunteer activities alike: inside the window, with the code of the
 * current (or previous) time step, and, where there is a place, from inside its radius.
 */
public final class OnSite {
  private OnSite() {
  }

  /** Where scans must come from. */
  public record Place(double lat, double lng, int radiusM) {
  }

  /**
   * Why this scan is refused, or null. {@code closesAt} null: no closing time (a check-out after the end is
   * still a check-out); {@code place} null: anywhere.
   */
  public static ApiException refusal(Instant opensAt, Instant closesAt, CheckinCode code, String given, Place place,
      Double lat, Double lng, Instant now) {
    if (now.isBefore(opensAt)) {
      return ApiException.unprocessable("checkin.not_open", "Check-in opens at " + Times.format(opensAt));
    }
    if (closesAt != null && !now.isBefore(closesAt)) {
      return ApiException.unprocessable("checkin.closed", "Check-in closed at " + Times.format(closesAt));
    }
    switch (code.verify(given, now)) {
      case EXPIRED:
        return ApiException.unprocessable("checkin.code_expired", "That code has expired; scan the current one");
      case INVALID:
        return ApiException.unprocessable("checkin.code_invalid", "That is not the code shown here");
      default:
        break;
    }
    if (place != null) {
      if (lat == null || lng == null) {
        return ApiException.unprocessable("checkin.out_of_area", "This check-in needs your location");
      }
      double distance = Geo.distanceMetres(place.lat(), place.lng(), lat, lng);
      if (distance > place.radiusM()) {
        return ApiException.unprocessable("checkin.out_of_area",
            "You are " + Math.round(distance) + " m from the place; check in within " + place.radiusM() + " m");
      }
    }
    return null;
  }
}
