package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI file drives routing and request validation. Every operation gets the handler its feature
 * registered under its operationId; operations no feature implements yet answer 501 problem+json.
 */
public final class Contract {
  public static final String RESOURCE = "api-spec/openapi.yaml";
  private static final Handler<RoutingContext> NOT_IMPLEMENTED = ctx -> ctx.fail(new ApiException(501,
      "not_implemented", "Not implemented", "This operation is in the contract but not built yet"));

  private final Buffer source;
  private final OpenAPIContract contract;
  private final RequestValidation validation;

  private Contract(Buffer source, OpenAPIContract contract) {
    this.source = source;
    this.contract = contract;
    this.validation = new RequestValidation(contract);
  }

  /**
   * Reads the contract from the classpath (it is packaged into the jar from api-spec/) and builds its
   * validators. Once per process: the HTTP instances share it, as everything in it is immutable once built
   * (each validator holds its own copy of the contract's schema table, 0.25 MB; built per instance they were
   * 113 MB of a two-instance server's live heap).
   */
  public static Future<Contract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE).compose(buffer -> {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(buffer.toString());
      return OpenAPIContract.from(vertx, routable(new JsonObject(Json.encode(tree))))
          .map(contract -> new Contract(buffer, contract));
    });
  }

  /** The YAML exactly as written, for {@code GET /api-spec/openapi.yaml}. */
  public Buffer source() {
    return source;
  }

  /**
   * Builds the API's routers. {@code secured} runs before the handler of every operation that the contract
   * secures. The body must already have been read (a BodyHandler mounted in front of them).
   */
  public ApiRouter router(Vertx vertx, Handler<RoutingContext> secured, Map<String, Handler<RoutingContext>> handlers) {
    ApiRouter api = new ApiRouter(vertx);
    // Our validation (validators built once, run on the event loop) replaces vertx-openapi's per-request one,
    // and our security handler its: what its router builder would add to each route is nothing more. A secured
    // operation checks its caller first, so a caller without a token hears 401 rather than a 400 about a body
    // they may not send at all.
    for (var path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        var route = api.route(operation.getHttpMethod(), path.getName());
        route.putMetadata(RouterBuilder.KEY_META_DATA_OPERATION, operation.getOperationId());
        var requirements = operation.getSecurityRequirements();
        if (!requirements.isEmpty() && requirements.stream().noneMatch(r -> r.isEmpty())) {
          route.handler(secured);
        }
        route.handler(validation.handler(operation));
        route.handler(handlers.getOrDefault(operation.getOperationId(), NOT_IMPLEMENTED));
      }
    }
    return api;
  }

  /**
   * The validator only knows a few media types (JSON, multipart, octet-stream, text). Responses are not
   * validated, so for routing we relabel the others (problem+json, image/png, xlsx) to ones it accepts.
   * The served file stays as written.
   */
  private static JsonObject routable(JsonObject spec) {
    // The served file keeps a relative server URL (it works on any host); the router wants an absolute one.
    spec.getJsonArray("servers").forEach(server -> {
      JsonObject s = (JsonObject) server;
      if (s.getString("url").startsWith("/")) {
        s.put("url", "http://localhost" + s.getString("url"));
      }
    });
    JsonObject paths = spec.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        // Request bodies too: a file sent with its own type (image/jpeg, image/png, application/pdf) is read as
        // bytes; BinaryBodies labels such a request octet-stream before the validator sees it.
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && body.containsKey("content")) {
          // A multipart upload's file is written to disk by the body handler, which keeps no raw body for the
          // validator to see: for routing, such a body is optional; the handler refuses a request with no file.
          if (body.getJsonObject("content").containsKey("multipart/form-data")) {
            body.put("required", false);
          }
          body.put("content", relabel(body.getJsonObject("content")));
        }
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (responses.getValue(status) instanceof JsonObject response && response.containsKey("content")) {
            response.put("content", relabel(response.getJsonObject("content")));
          }
        }
      }
    }
    JsonObject components = spec.getJsonObject("components", new JsonObject());
    JsonObject shared = components.getJsonObject("responses", new JsonObject());
    for (String name : shared.fieldNames()) {
      JsonObject response = shared.getJsonObject(name);
      if (response.containsKey("content")) {
        response.put("content", relabel(response.getJsonObject("content")));
      }
    }
    return spec;
  }

  private static JsonObject relabel(JsonObject content) {
    JsonObject relabelled = new JsonObject();
    for (String type : content.fieldNames()) {
      String target = MediaType.isMediaTypeSupported(type) ? type
          : type.endsWith("+json") ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_OCTET_STREAM;
      relabelled.put(target, content.getValue(type));
    }
    return relabelled;
  }
}
