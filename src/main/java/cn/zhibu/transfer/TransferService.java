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
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
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

  /** The person's branch, if the caller manages it (404 outside the caller's sight, 403 inside it). */
  private Future<Org> managedHome(Caller caller, UUID personId) {
    return repository.homeOf(personId).compose(home -> home == null ? Future.failedFuture(ApiException.notFound("The person"))
        : managed(caller, home));
  }

  /** A home org, if the caller manages it: 404 outside the caller's sight, 403 inside it. */
  private Future<Org> managed(Caller caller, UUID home) {
    return scope.visible(caller, home).recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
        .compose(org -> Scope.covers(caller, org, Role.MANAGERS) ? Future.succeededFuture(org)
            : Future.failedFuture(ApiException.forbidden("The branch's secretary or an admin asks for a transfer")));
  }

  /** The receiving branch (null for a move out of the school), after the checks every request gets. */
  private Future<Org> destination(UUID to, Transfers.External external) {
    if ((to == null) == (external == null)) {
      return Future.failedFuture(ApiException.unprocessable("transfer.destination",
          "Give either toOrgId (inside the school) or toExternal (outside it)"));
    }
    return (to == null ? Future.<Org>succeededFuture(null)
        : orgs.find(to).recover(e -> Future.failedFuture(ApiException.notFound("The receiving org"))))
        .compose(dest -> dest != null && !"branch".equals(dest.kind())
            ? Future.failedFuture(ApiException.unprocessable("transfer.not_a_branch", "Members move to a branch"))
            : Future.succeededFuture(dest));
  }

  private static Throwable pending(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? ApiException.conflict("transfer.pending", "This person already has a transfer waiting") : e;
  }

  Future<Transfers.Transfer> create(Caller caller, Audit.Actor actor, Transfers.Asked body) {
    UUID personId = body.personId();
    Transfers.External external = body.toExternal();
    UUID id = UUID.randomUUID();
    return destination(body.toOrgId(), external).compose(dest -> managedHome(caller, personId).compose(from -> {
      if (dest != null && dest.id().equals(from.id())) {
        return Future.failedFuture(ApiException.unprocessable("transfer.same_org", "The person is already there"));
      }
      return pool.withTransaction(tx -> repository.insert(tx, id, personId, from.id(), dest == null ? null : dest.id(),
              external == null ? null : external.organisation(), external == null ? null : external.address(),
              body.reason(), caller.personId(), null)
          .compose(v -> Audit.record(tx, actor, from.id(), "transfer.request", "transfer:" + id,
              new JsonObject().put("personId", personId.toString())
                  .put("to", dest == null ? external.organisation() : dest.id().toString()))))
          .recover(e -> Future.failedFuture(pending(e)));
    })).compose(v -> repository.find(pool, id, false)).map(TransferService::view);
  }

  /**
   * A graduating class (or any group) asked to move in one step, all or nothing: every person on a roster the
   * caller manages, none already waiting for a transfer, none already at the destination. Each transfer is then
   * decided on its own by the receiving org (or the org above, for a move out of the school), as one asked alone.
   */
  Future<Transfers.Batch> createBatch(Caller caller, Audit.Actor actor, Transfers.AskedBatch body) {
    List<UUID> people = List.copyOf(new java.util.LinkedHashSet<>(body.personIds()));
    Transfers.External external = body.toExternal();
    UUID batch = UUID.randomUUID();
    return destination(body.toOrgId(), external).compose(dest -> repository.homesOf(people).compose(homes -> {
      if (homes.size() != people.size()) {
        return Future.failedFuture(ApiException.notFound("A person"));
      }
      if (dest != null && homes.containsValue(dest.id())) {
        return Future.failedFuture(ApiException.unprocessable("transfer.same_org", "Someone is already there"));
      }
      // a class shares a branch or two: each home checked once, not once per graduate
      Future<Void> managed = Future.succeededFuture();
      for (UUID home : new java.util.LinkedHashSet<>(homes.values())) {
        managed = managed.compose(v -> managed(caller, home).mapEmpty());
      }
      return managed.compose(v -> pool.withTransaction(tx -> {
        Future<Void> chain = Future.succeededFuture();
        for (UUID person : people) {
          UUID id = UUID.randomUUID();
          chain = chain.compose(x -> repository.insert(tx, id, person, homes.get(person), dest == null ? null : dest.id(),
              external == null ? null : external.organisation(), external == null ? null : external.address(),
              body.reason(), caller.personId(), batch));
        }
        return chain.compose(x -> Audit.record(tx, actor, homes.get(people.get(0)), "transfer.batch",
            "transfer-batch:" + batch, new JsonObject().put("people", people.size())
                .put("to", dest == null ? external.organisation() : dest.id().toString())));
      }).recover(e -> Future.failedFuture(pending(e))));
    })).compose(v -> repository.ofBatch(batch))
        .map(items -> new Transfers.Batch(batch, items.stream().map(TransferService::view).toList()));
  }

  /** The graduates of a year on rosters of the subtree: not yet transferred, with the transfer waiting if any. */
  Future<Transfers.Graduates> graduates(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)).getYear() : year;
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(
        repository.graduates(org.id(), LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1)),
        scope.adminOver(caller, org.id())).map(all -> {
          List<TransferRepository.Graduate> rows = all.resultAt(0);
          boolean admin = all.resultAt(1);
          return new Transfers.Graduates(org.id(), y, rows.size(), (int) rows.stream().filter(g -> g.pending() != null).count(),
              rows.stream().map(g -> new Transfers.Graduate(g.id(), cn.zhibu.platform.Masks.number(g.number(), admin),
                  g.name(), g.org(), g.stage(), g.graduatesOn().toString(), g.pending())).toList());
        }));
  }

  /** The person, the managers of either end, and admins above them; 404 for anyone else. */
  private Future<TransferRepository.Stored> visible(Caller caller, UUID id) {
    return repository.find(pool, id, false).compose(t -> {
      if (t == null) {
        return Future.failedFuture(ApiException.notFound("The transfer"));
      }
      if (t.personId().equals(caller.personId())) {
        return Future.succeededFuture(t);
      }
      Future<Boolean> fromSide = orgs.find(t.fromOrgId()).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      Future<Boolean> toSide = t.toOrgId() == null ? scope.above(caller, t.fromOrgId(), Role.MANAGERS)
          : orgs.find(t.toOrgId()).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      return Future.all(fromSide, toSide).compose(all -> all.<Boolean>resultAt(0) || all.<Boolean>resultAt(1)
          ? Future.succeededFuture(t) : Future.failedFuture(ApiException.notFound("The transfer")));
    });
  }

  Future<Transfers.Transfer> get(Caller caller, UUID id) {
    return visible(caller, id).map(TransferService::view);
  }

  Future<Transfers.Page> list(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> repository.ofSubtree(org.id()))
        .map(rows -> new Transfers.Page(rows.stream().map(TransferService::view).toList()));
  }

  Future<Transfers.Transfer> decide(Caller caller, Audit.Actor actor, UUID id, boolean approve, String note) {
    return visible(caller, id).compose(t -> {
      if (t.requestedBy().equals(caller.personId()) || t.personId().equals(caller.personId())) {
        return Future.failedFuture(ApiException.unprocessable("transfer.own_decision",
            "A transfer is decided by someone other than who asked for it and whom it moves"));
      }
      UUID to = t.toOrgId();
      UUID from = t.fromOrgId();
      Future<Boolean> may = to == null ? scope.above(caller, from, Role.MANAGERS)
          : orgs.find(to).map(o -> Scope.covers(caller, o, Role.MANAGERS));
      return may.compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(ApiException.forbidden(to == null
              ? "A move out of the school is approved by the org above the branch"
              : "A move is approved by the receiving org")))
          .compose(v -> pool.withTransaction(tx -> repository.find(tx, id, true).compose(locked -> {
            if (!"pending".equals(locked.status())) {
              return Future.failedFuture(ApiException.conflict("transfer.already_decided", "This transfer was decided"));
            }
            return repository.decide(tx, id, approve, caller.personId(), note)
                .compose(x -> approve ? repository.move(tx, locked.personId(), to) : Future.succeededFuture())
                .compose(x -> Audit.record(tx, actor, from, "transfer.decide", "transfer:" + id,
                    new JsonObject().put("approve", approve)));
          })))
          .compose(v -> approve ? sessions.rolesChanged(t.personId()) : Future.succeededFuture())
          .compose(v -> repository.find(pool, id, false)).map(TransferService::view);
    });
  }

  private static Transfers.Transfer view(TransferRepository.Stored t) {
    return new Transfers.Transfer(t.id(), t.personId(), t.name(), t.fromOrgId(), t.fromName(), t.toOrgId(), t.toName(),
        t.externalOrg() == null ? null : new Transfers.External(t.externalOrg(), t.externalAddress()), t.reason(),
        t.status(), Times.format(t.requestedAt()), t.decidedAt() == null ? null : Times.format(t.decidedAt()),
        t.decisionNote());
  }

  Future<Buffer> letter(Caller caller, UUID id) {
    return visible(caller, id).compose(t -> {
      if (!"approved".equals(t.status())) {
        return Future.failedFuture(ApiException.conflict("transfer.not_approved", "The letter comes with the approval"));
      }
      String to = t.toName() != null ? t.toName() : t.externalOrg();
      LocalDate day = t.decidedAt().atZoneSameInstant(Times.SCHOOL_ZONE).toLocalDate();
      return vertx.executeBlocking(() -> Buffer.buffer(Letter.png(t.id().toString().substring(0, 8).toUpperCase(),
          t.name(), t.fromName(), to, t.externalAddress(), t.reason(), day)), false);
    });
  }
}
