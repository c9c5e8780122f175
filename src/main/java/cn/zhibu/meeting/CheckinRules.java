package cn.zhibu.meeting;

import cn.zhibu.onsite.OnSite;
import cn.zhibu.platform.ApiException;
import java.time.Instant;

/** Why a check-in is refused, in the order a member would want to hear it: window, code, place. */
final class CheckinRules {
  private CheckinRules() {
  }

  /** Phone clocks drift: a scan this far "in the future" is still taken as now. */
  static final java.time.Duration CLOCK_DRIFT = java.time.Duration.ofMinutes(1);

  /** Why a kept (weak-signal) scan cannot be taken, or {@code null}: it is from the future, or uploaded too late. */
  static ApiException offlineRefusal(Instant scannedAt, Instant now, java.time.Duration uploadWindow) {
    if (scannedAt.isAfter(now.plus(CLOCK_DRIFT))) {
      return ApiException.unprocessable("checkin.scan_in_future", "The scan time is in the future; check the phone's clock");
    }
    if (scannedAt.plus(uploadWindow).isBefore(now)) {
      return ApiException.unprocessable("checkin.upload_too_late", "A scan kept offline must be uploaded within "
          + uploadWindow.toHours() + " h of scanning");
    }
    return null;
  }

  /** The refusal, or {@code null} when the check-in may be written. */
  /** Why nobody can check in to, or ask leave of, this meeting: cancelled, or a 补录 not approved; else null. */
  static ApiException notTakingPart(Event event) {
    if (event.cancelled()) {
      return ApiException.conflict("event.cancelled", "This meeting was cancelled");
    }
    if (!"scheduled".equals(event.record().status())) {
      return ApiException.conflict("event.not_approved", "This meeting is " + event.record().status());
    }
    return null;
  }

  static ApiException refusal(Event event, String code, Double lat, Double lng, Instant now) {
    ApiException closed = notTakingPart(event);
    if (closed != null) {
      return closed;
    }
    return OnSite.refusal(event.checkinOpensAt(), event.checkinClosesAt(), event.code(), code,
        event.hasPlace() ? new OnSite.Place(event.lat(), event.lng(), event.radiusM()) : null, lat, lng, now);
  }
}
