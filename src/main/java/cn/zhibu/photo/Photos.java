package cn.zhibu.photo;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.FileTypes;
import cn.zhibu.platform.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Photos for 办实事 requests and volunteer self-reports: a phone sends the bytes first, then names the photo's
 * URL in the request or record. Kept without name or sender metadata; shown only where {@link PhotoRepository}
 * says (so an anonymous requester's photo never leads back to them, and nobody browses others' photos).
 */
final class Photos {
  static final int MAX_BYTES = 5 * 1024 * 1024;
  static final int PER_DAY = 30;
  private final PhotoRepository repository;
  private final RateLimiter limits;
  private final Clock clock;

  private final io.vertx.core.Vertx vertx;

  private final MediaChecks checks;

  Photos(io.vertx.core.Vertx vertx, PhotoRepository repository, MediaChecks checks, RateLimiter limits, Clock clock) {
    this.vertx = vertx;
    this.checks = checks;
    this.repository = repository;
    this.limits = limits;
    this.clock = clock;
  }

  /** What the sender gets back: the link to put in a request or record. */
  record Photo(UUID id, String url, String contentType, int size) {
  }

  Future<Photo> keep(Caller caller, Buffer bytes, String baseUrl) {
    String type = FileTypes.sniff(bytes);
    if (!FileTypes.JPEG.equals(type) && !FileTypes.PNG.equals(type)) {
      return Future.failedFuture(ApiException.unprocessable("photo.unsupported_type",
          "Send a JPEG or PNG photo (the content is checked, not the name)"));
    }
    if (bytes.length() > MAX_BYTES) {
      return Future.failedFuture(ApiException.badRequest("photo.too_large", "A photo may be at most 5 MB"));
    }
    UUID id = UUID.randomUUID();
    return limits.check("photos:" + caller.personId(), PER_DAY, Duration.ofDays(1))
        .recover(e -> Future.failedFuture(e instanceof ApiException.RateLimited limited
            ? new ApiException.RateLimited("photo.too_many", "At most " + PER_DAY + " photos a day",
                limited.retryAfterSeconds()) : e))
        // Kept without what the phone wrote into it: GPS, time, device — an anonymous requester's included.
        .compose(v -> cn.zhibu.platform.Metadata.stripped(vertx, type, bytes)
            .recover(unreadable -> Future.failedFuture(ApiException.unprocessable("photo.unsupported_type",
                "The photo could not be read as the JPEG or PNG it claims to be"))))
        .compose(clean -> repository.insert(id, type, clean, caller.personId(), clock.instant())
            // WeChat's media check is asked now and answers later; the photo is kept either way.
            .compose(v -> checks.ask(id, caller.personId(), baseUrl))
            .map(v -> new Photo(id, baseUrl + "/api/v1/photos/" + id, type, clean.length())));
  }

  Future<PhotoRepository.Stored> get(Caller caller, UUID id) {
    return repository.visible(id, caller.personId()).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get()) : Future.failedFuture(ApiException.notFound("The photo")));
  }
}
