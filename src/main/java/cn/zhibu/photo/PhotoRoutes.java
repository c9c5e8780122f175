package cn.zhibu.photo;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The photo operations of the contract. */
public final class PhotoRoutes implements Operations {
  private final Photos photos;
  private final MediaChecks checks;
  private final String publicUrl;

  PhotoRoutes(Photos photos, MediaChecks checks, String publicUrl) {
    this.photos = photos;
    this.checks = checks;
    this.publicUrl = publicUrl;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "uploadPhoto", ctx -> Respond.with(ctx, 201, Input.upload(ctx)
            .compose(file -> photos.keep(Caller.of(ctx), file.bytes(), base(ctx)))),
        "getPhoto", ctx -> serve(ctx, photos.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "getPhotoForCheck", ctx -> serve(ctx, checks.forCheck(Input.id(ctx, "id"), Input.queryInt(ctx, "exp", 0),
            Input.query(ctx, "sig"))),
        "verifyWeChatMessages", ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
            .end(checks.verify(Input.query(ctx, "signature"), Input.query(ctx, "timestamp"), Input.query(ctx, "nonce"),
                Input.query(ctx, "echostr"))),
        "receiveWeChatMessage", ctx -> checks.receive(Input.query(ctx, "signature"), Input.query(ctx, "timestamp"),
                Input.query(ctx, "nonce"), ctx.body() == null ? null : ctx.body().asJsonObject())
            .onSuccess(v -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("success"))
            .onFailure(ctx::fail));
  }

  private static void serve(RoutingContext ctx, io.vertx.core.Future<PhotoRepository.Stored> photo) {
    photo.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader("Content-Type", ar.result().contentType())
          .putHeader("Cache-Control", "private, max-age=86400").putHeader("X-Content-Type-Options", "nosniff")
          .end(ar.result().bytes());
    });
  }

  /** ZHIBU_PUBLIC_URL, else the scheme and host this request came to. */
  private String base(RoutingContext ctx) {
    return publicUrl.isEmpty() ? ctx.request().scheme() + "://" + ctx.request().authority() : publicUrl;
  }
}
