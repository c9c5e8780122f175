package cn.zhibu.platform;

/**
 * A refusal the client can act on: becomes an RFC 9457 problem+json with a stable {@code code}.
 * Thrown (or failed into a Future) anywhere; the one failure handler renders it.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String title;

  public ApiException(int status, String code, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public static ApiException badRequest(String code, String detail) {
    return new ApiException(400, code, "Bad request", detail);
  }

  public static ApiException unauthorized(String code, String detail) {
    return new ApiException(401, code, "Unauthorized", detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "auth.forbidden", "Forbidden", detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", "Not found", what + " was not found");
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(409, code, "Conflict", detail);
  }

  public static ApiException unprocessable(String code, String detail) {
    return new ApiException(422, code, "Refused by a business rule", detail);
  }

  public static ApiException tooManyRequests(String code, String detail) {
    return new ApiException(429, code, "Too many requests", detail);
  }

  /** A 429 that tells the client when to come back ({@code Retry-After}). */
  public static final class RateLimited extends ApiException {
    private final long retryAfterSeconds;

    public RateLimited(String code, String detail, long retryAfterSeconds) {
      super(429, code, "Too many requests", detail);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  public static ApiException unavailable(String code, String detail) {
    return new ApiException(503, code, "Service unavailable", detail);
  }
}
