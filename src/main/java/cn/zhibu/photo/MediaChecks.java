package cn.zhibu.photo;

import cn.zhibu.platform.ApiException;
import cn.zhibu.wechat.MessageSignature;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's media security check, which WeChat requires of mini-programs that show what people upload. When a
 * photo is kept, WeChat is asked (mediaCheckAsync) to fetch it through a link signed for an hour — the photo's
 * ordinary address needs a person's token, which WeChat has not — and later pushes its verdict, signed with the
 * message token, to {@code /api/v1/wechat/messages}. A risky photo is then shown to nobody but its sender. Asking
 * is best effort: if WeChat cannot be reached the photo stays as kept, unchecked, and the failure is logged.
 */
final class MediaChecks {
  private static final Logger LOG = LoggerFactory.getLogger(MediaChecks.class);
  static final Duration LINK_LIFETIME = Duration.ofHours(1);
  private final PhotoRepository photos;
  private final WeChatClient wechat;
  private final byte[] linkKey;
  private final String messageToken;
  private final Clock clock;

  MediaChecks(PhotoRepository photos, WeChatClient wechat, byte[] linkKey, String messageToken, Clock clock) {
    this.photos = photos;
    this.wechat = wechat;
    this.linkKey = linkKey;
    this.messageToken = messageToken;
    this.clock = clock;
  }

  boolean enabled() {
    return !messageToken.isEmpty();
  }

  /** Asks WeChat to check the photo just kept (nothing when the school has set no message token). */
  Future<Void> ask(UUID photo, UUID sender, String baseUrl) {
    if (!enabled()) {
      return Future.succeededFuture();
    }
    long expires = clock.instant().plus(LINK_LIFETIME).getEpochSecond();
    String link = baseUrl + "/api/v1/photos/" + photo + "/media?exp=" + expires + "&sig=" + sign(photo, expires);
    return photos.openidOf(sender)
        .compose(openid -> openid == null ? Future.succeededFuture() : wechat.mediaCheckAsync(openid, link)
            .compose(trace -> photos.checkAsked(photo, trace)))
        .recover(e -> {
          LOG.warn("media check of photo {} not asked: {}", photo, e.toString());
          return Future.succeededFuture();
        });
  }

  /** The photo for WeChat's fetch, if the link is WeChat's (signed by us) and not expired; else 404. */
  Future<PhotoRepository.Stored> forCheck(UUID photo, long expires, String sig) {
    boolean valid = expires >= clock.instant().getEpochSecond()
        && MessageDigest.isEqual(sign(photo, expires).getBytes(StandardCharsets.US_ASCII),
            String.valueOf(sig).getBytes(StandardCharsets.US_ASCII));
    return (valid ? photos.forCheck(photo) : Future.<PhotoRepository.Stored>succeededFuture(null))
        .compose(found -> found == null ? Future.failedFuture(ApiException.notFound("The photo"))
            : Future.succeededFuture(found));
  }

  /** WeChat's URL check when the push URL is configured: the echo, if the signature is WeChat's. */
  String verify(String signature, String timestamp, String nonce, String echostr) {
    requireSigned(signature, timestamp, nonce);
    return echostr == null ? "" : echostr;
  }

  /** A push from WeChat: a media check verdict is recorded on its photo; other events are acknowledged. */
  Future<Void> receive(String signature, String timestamp, String nonce, JsonObject push) {
    requireSigned(signature, timestamp, nonce);
    if (push == null || !"wxa_media_check".equals(push.getString("Event"))) {
      return Future.succeededFuture();
    }
    String suggest = push.getJsonObject("result", new JsonObject()).getString("suggest", "review");
    if (!java.util.Set.of("pass", "review", "risky").contains(suggest)) {
      suggest = "review";
    }
    return photos.checked(push.getString("trace_id", ""), suggest).mapEmpty();
  }

  private void requireSigned(String signature, String timestamp, String nonce) {
    if (!enabled() || signature == null || timestamp == null || nonce == null
        || !MessageDigest.isEqual(MessageSignature.of(messageToken, timestamp, nonce).getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII))) {
      throw ApiException.unauthorized("wechat.bad_signature", "The message is not signed by WeChat");
    }
  }

  private String sign(UUID photo, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(linkKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((photo + ":" + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
