package cn.zhibu.auth;

import java.util.List;
import java.util.UUID;

/** The auth answers on the wire: {@code User}, {@code LoginResult}, {@code Me}. */
final class Users {
  private Users() {
  }

  /** {@code RoleGrant}: a role at an org. */
  record Grant(String role, UUID orgId) {
  }

  /** {@code User}: who is logged in, whether bound to a roster entry, and their roles. */
  record User(UUID id, String name, boolean bound, List<Grant> roles) {
  }

  /** {@code LoginResult}. */
  record Login(String accessToken, String refreshToken, long expiresIn, User user) {
    static Login of(Sessions.Issued issued, User user) {
      return new Login(issued.accessToken(), issued.refreshToken(), issued.expiresIn(), user);
    }
  }

  record Study(double creditedHours, int requiredHours) {
  }

  /** {@code Me}: the user with this year's figures for the home page. */
  record Me(UUID id, String name, boolean bound, List<Grant> roles, long unreadNotices, long pointsThisYear, Study study,
      double volunteerHoursThisYear) {
  }

  /**
   * {@code MyData}: everything held about the person (PIPL access right), each part as the tables keep it (built by
   * PostgreSQL's json_build_object in {@link AccountRepository#everything}).
   */
  record Data(io.vertx.core.json.JsonObject person, io.vertx.core.json.JsonArray roles,
      io.vertx.core.json.JsonArray sessions, io.vertx.core.json.JsonArray auditedActions,
      io.vertx.core.json.JsonArray points, io.vertx.core.json.JsonArray checkins, io.vertx.core.json.JsonArray leaves,
      io.vertx.core.json.JsonArray attendanceMarks, io.vertx.core.json.JsonArray uploadedFiles,
      io.vertx.core.json.JsonArray photos, io.vertx.core.json.JsonArray development, io.vertx.core.json.JsonArray dues,
      io.vertx.core.json.JsonArray reviews, io.vertx.core.json.JsonArray transfers, io.vertx.core.json.JsonArray talks,
      io.vertx.core.json.JsonArray thoughtReports, io.vertx.core.json.JsonArray developmentContacts,
      io.vertx.core.json.JsonArray care) {
  }
}
