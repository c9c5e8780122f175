package cn.zhibu.transfer;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * 组织关系转接: the sending branch asks; the receiving org approves an internal move, the org above the sending
 * branch approves a move out of the school (and the letter goes with the person). Nobody decides their own
 * request or their own transfer; every step audited.
 */
final class TransferService {
  private final Vertx vertx;
  private final Pool pool;
  private final TransferRepository repository;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Sessions sessions;
  private final Clock clock;

  TransferService(Vertx vertx, Pool pool, Scope scope, OrgDirectory orgs, Sessions sessions, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.repository = new TransferRepository(pool);
    this.scope = scope;
    this.orgs = orgs;
    this.sessions = sessions;
    this.clock = clock;
  }

  private Future<Org> managedHome(Caller caller, UUID personId) {
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL").execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 || rows.iterator().next().getUUID("org_id") == null
            ? Future.failedFuture(ApiException.notFound("The person"))
            : scope.visible(caller, rows.iterator().next().getUUID("org_id"))
                .recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
                .compose(org -> Scope.covers(caller, org, Role.MANAGERS) ? Future.succeededFuture(org)
                    : Future.failedFuture(ApiException.forbidden("The branch's secretary or an admin asks for a transfer"))));
  }

  /** What a secretary sends: who moves, and where to (a branch of the school, or an organisation outside it). */
  record Asked(UUID personId, UUID toOrgId, External toExternal, String reason) {
  }

  /** A receiving organisation outside the school, as its letter is addressed. */
  record External(String organisation, String address) {
  }

  Future<JsonObject> create(Caller caller, Audit.Actor actor, Asked body) {
    UUID personId = body.personId();
    UUID to = body.toOrgId();
    External external = body.toExternal();
    if ((to == null) == (external == null)) {
      return Future.failedFuture(ApiException.unprocessable("transfer.destination",
          "Give either toOrgId (inside the school) or toExternal (outside it)"));
    }
    UUID id = UUID.randomUUID();
    return managedHome(caller, personId).compose(from -> (to == null ? Future.<Org>succeededFuture(null)
            : orgs.find(to).recover(e -> Future.failedFuture(ApiException.notFound("The receiving org"))))
        .compose(dest -> {
          if (dest != null && !"branch".equals(dest.kind())) {
            return Future.failedFuture(ApiException.unprocessable("transfer.not_a_branch", "Members move to a branch"));
          }
          if (dest != null && dest.id().equals(from.id())) {
            return Future.failedFuture(ApiException.unprocessable("transfer.same_org", "The person is already there"));
          }
          return repository.insert(id, personId, from.id(), dest == null ? null : dest.id(),
                  external == null ? null : external.organisation(),
                  external == null ? null : external.address(), body.reason(), caller.personId())
              .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? ApiException.conflict("transfer.pending", "This person already has a transfer waiting") : e))
              .compose(v -> pool.withTransaction(tx -> Audit.record(tx, actor, from.id(), "transfer.request",
                  "transfer:" + id, new JsonObject().put("personId", personId.toString())
                      .put("to", dest == null ? external.organisation() : dest.id().toString()))));
        }))
        .compose(v -> repository.find(pool, id, false)).map(TransferRepository::json);
  }

  /** The person, the managers of either end, and admins above them; 404 for anyone else. */
  private Future<Row> visible(Caller caller, UUID id) {
    return repository.find(pool, id, false).compose(t -> {
      if (t == null) {
        return Future.failedFuture(ApiException.notFound("The transfer"));
      }
      if (t.getUUID("person_id").equals(caller.personId())) {
        return Future.succeededFuture(t);
      }
      Future<Boolean> fromSide = orgs.find(t.getUUID("from_org_id")).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      Future<Boolean> toSide = t.getUUID("to_org_id") == null ? scope.above(caller, t.getUUID("from_org_id"), Role.MANAGERS)
          : orgs.find(t.getUUID("to_org_id")).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      return Future.all(fromSide, toSide).compose(all -> all.<Boolean>resultAt(0) || all.<Boolean>resultAt(1)
          ? Future.succeededFuture(t) : Future.failedFuture(ApiException.notFound("The transfer")));
    });
  }

  Future<JsonObject> get(Caller caller, UUID id) {
    return visible(caller, id).map(TransferRepository::json);
  }

  Future<JsonObject> list(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> repository.ofSubtree(org.id())).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(TransferRepository.json(r)));
      return new JsonObject().put("items", items);
    });
  }

  Future<JsonObject> decide(Caller caller, Audit.Actor actor, UUID id, boolean approve, String note) {
    return visible(caller, id).compose(t -> {
      if (t.getUUID("requested_by").equals(caller.personId()) || t.getUUID("person_id").equals(caller.personId())) {
        return Future.failedFuture(ApiException.unprocessable("transfer.own_decision",
            "A transfer is decided by someone other than who asked for it and whom it moves"));
      }
      UUID to = t.getUUID("to_org_id");
      UUID from = t.getUUID("from_org_id");
      Future<Boolean> may = to == null ? scope.above(caller, from, Role.MANAGERS)
          : orgs.find(to).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      return may.compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(ApiException.forbidden(to == null
              ? "A move out of the school is approved by the org above the branch"
              : "A move is approved by the receiving org")))
          .compose(v -> pool.withTransaction(tx -> repository.find(tx, id, true).compose(locked -> {
            if (!"pending".equals(locked.getString("status"))) {
              return Future.failedFuture(ApiException.conflict("transfer.already_decided", "This transfer was decided"));
            }
            UUID person = locked.getUUID("person_id");
            return repository.decide(tx, id, approve, caller.personId(), note)
                .compose(x -> approve ? repository.move(tx, person, to) : Future.succeededFuture())
                .compose(x -> Audit.record(tx, actor, from, "transfer.decide", "transfer:" + id,
                    new JsonObject().put("approve", approve)));
          })))
          .compose(v -> approve ? sessions.rolesChanged(t.getUUID("person_id")) : Future.succeededFuture())
          .compose(v -> repository.find(pool, id, false)).map(TransferRepository::json);
    });
  }

  Future<Buffer> letter(Caller caller, UUID id) {
    return visible(caller, id).compose(t -> {
      if (!"approved".equals(t.getString("status"))) {
        return Future.failedFuture(ApiException.conflict("transfer.not_approved", "The letter comes with the approval"));
      }
      String to = t.getString("to_name") != null ? t.getString("to_name") : t.getString("external_org");
      LocalDate day = t.getOffsetDateTime("decided_at").atZoneSameInstant(Times.SCHOOL_ZONE).toLocalDate();
      return vertx.executeBlocking(() -> Buffer.buffer(Letter.png(t.getUUID("id").toString().substring(0, 8).toUpperCase(),
          t.getString("name"), t.getString("from_name"), to, t.getString("external_address"), t.getString("reason"), day)),
          false);
    });
  }
}
