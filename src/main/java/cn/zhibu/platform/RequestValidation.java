package cn.zhibu.platform;

import static io.vertx.openapi.validation.ValidationContext.REQUEST;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Request validation from the contract, with the same rules and errors as vertx-openapi's
 * {@code RequestValidatorImpl}, but with each schema's validator built once at start-up and the work done on
 * the event loop. vertx-openapi 5.0.10 builds a new validator per parameter per request, copying the whole
 * contract's schema table each time, and hops to a worker thread for it: that was 73 % of the server's CPU in
 * the check-in benchmark (see docs/performance.md, "upstream report"). Validators are immutable once built
 * and safe to share.
 */
final class RequestValidation {
  /** At most this many valid values are remembered per parameter, each at most {@link #REMEMBERED_LENGTH} long. */
  static final int REMEMBERED = 1024;
  static final int REMEMBERED_LENGTH = 64;
  private final Map<JsonSchema, Validator> validators = new IdentityHashMap<>();
  private final Map<Parameter, Map<String, Object>> remembered = new IdentityHashMap<>();
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  RequestValidation(OpenAPIContract contract) {
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    for (var path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        for (Parameter parameter : operation.getParameters()) {
          compile(contract, parameter.getSchema());
          remembered.put(parameter, new java.util.concurrent.ConcurrentHashMap<>());
        }
        RequestBody body = operation.getRequestBody();
        if (body != null) {
          body.getContent().values().forEach(media -> {
            if (media.getSchema() != null) {
              compile(contract, media.getSchema());
            }
          });
        }
      }
    }
  }

  private void compile(OpenAPIContract contract, JsonSchema schema) {
    validators.computeIfAbsent(schema, s -> contract.getSchemaRepository().validator(s));
  }

  /** The handler that validates one operation's requests, putting the result where {@link Input} reads it. */
  io.vertx.core.Handler<RoutingContext> handler(Operation operation) {
    return ctx -> extractor.extractValidatableRequest(ctx, operation)
        .compose(request -> validate(operation, request))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(err -> ctx.fail(err instanceof ValidatorException
            ? new HttpException(400, err.getMessage(), err) : err));
  }

  Future<ValidatedRequest> validate(Operation operation, ValidatableRequest request) {
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter parameter : operation.getParameters()) {
        switch (parameter.getIn()) {
          case COOKIE -> cookies.put(parameter.getName(), parameter(parameter, request.getCookies().get(parameter.getName())));
          case HEADER -> headers.put(parameter.getName(), parameter(parameter, request.getHeaders().get(parameter.getName())));
          case PATH -> path.put(parameter.getName(), parameter(parameter, request.getPathParameters().get(parameter.getName())));
          case QUERY -> query.put(parameter.getName(), parameter(parameter, request.getQuery().get(parameter.getName())));
          default -> { }
        }
      }
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query,
          body(operation.getRequestBody(), request)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private RequestParameter parameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    String raw = String.valueOf(value.get());
    Map<String, Object> known = remembered.get(parameter);
    Object hit = known.get(raw);
    if (hit != null) {
      return new RequestParameterImpl(hit);
    }
    Object transformed = transformer.transform(parameter, raw);
    OutputUnit result = validators.get(parameter.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      remember(known, raw, transformed);
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  /**
   * Most parameter values repeat (an event's id while its attendees check in, {@code period=year}), and a
   * schema's verdict on a value never changes: a valid scalar is remembered, so the next request with it skips
   * the transform and the schema. Invalid values are never remembered (their error is built every time), nor
   * objects and arrays (a handler could change them). Bounded: short values only, and the map starts over
   * when full.
   */
  private static void remember(Map<String, Object> known, String raw, Object transformed) {
    if (raw.length() > REMEMBERED_LENGTH
        || !(transformed instanceof String || transformed instanceof Number || transformed instanceof Boolean)) {
      return;
    }
    if (known.size() >= REMEMBERED) {
      known.clear();
    }
    known.put(raw, transformed);
  }

  private RequestParameter body(RequestBody requestBody, ValidatableRequest request) {
    if (requestBody == null) {
      return new RequestParameterImpl(null);
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (requestBody.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return new RequestParameterImpl(null);
    }
    MediaType media = requestBody.determineContentType(request.getContentType());
    Buffer raw = request.getBody().getBuffer(Buffer.buffer());
    ContentAnalyser analyser = media == null ? null
        : ContentAnalyser.getContentAnalyser(media, request.getContentType(), raw, REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the request body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    if (!needsSchema(media)) {
      return new RequestParameterImpl(raw);
    }
    Object transformed = analyser.transform();
    OutputUnit result = validators.get(media.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, REQUEST, e);
    }
  }

  /** As vertx-openapi decides: a plain binary string schema (type and format only) is not validated. */
  private static boolean needsSchema(MediaType media) {
    JsonSchema schema = media.getSchema();
    if (schema == null) {
      return false;
    }
    boolean plainBinary = "string".equalsIgnoreCase(schema.get("type")) && "binary".equalsIgnoreCase(schema.get("format"))
        && schema.fieldNames().size() == 2;
    return !plainBinary;
  }
}
