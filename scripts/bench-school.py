#!/usr/bin/env python3
"""The large-school benchmark: a university seeded by SQL (colleges, branches of 100, two years of meetings,
check-ins, ledger rows, notice receipts, dues, volunteer hours and requests), and every report, list and export
of the contract timed from outside at branch, college and school level, against a school of the same shape
with 24 members measured in the same run. Writes docs/performance-school-results.md and
target/bench-school/results.json.

Run it through scripts/bench-school.sh (which builds the jar and makes sure PostgreSQL and Redis are there).
BENCH_SCHOOLS picks the schools, e.g. "small,40k" (default "small,40k,100k"). Everything talks to 127.0.0.1.
"""
import concurrent.futures
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (its HTTP helper)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench-school")
JAR = os.environ.get("BENCH_JAR", os.path.join(ROOT, "target", "zhibu.jar"))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "docs", "performance-school-results.md"))
PORT = int(os.environ.get("BENCH_PORT", "18290"))
PSQL = ["psql", "-w", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
WARM = int(os.environ.get("BENCH_WARM", "5"))
# name → (colleges, branches per college, members per branch). Every branch holds 28 meetings over two years
# (a 主题党日 a month and a 党课 a quarter-ish), so a branch reads the same amount of history in every school.
# One signing secret for the whole run, so the tokens of a school outlive a restart of its server.
JWT_SECRET = secrets.token_urlsafe(48)
SHAPES = {"small": (2, 2, 6), "40k": (20, 20, 100), "100k": (25, 40, 100)}


def log(*args):
    print("bench-school:", *args, file=sys.stderr, flush=True)


def sql(statement, db):
    return subprocess.run(PSQL + ["-d", db, "-c", statement], check=True, capture_output=True, text=True).stdout.strip()


def http(method, url, body=None, token=None, timeout=240):
    """(status, raw body); a time-out or a reset is a result too (status 0)."""
    try:
        return bench.http(method, url, body, token, timeout, raw=True)
    except Exception as e:
        return 0, str(e).encode()


class Server:
    def __init__(self, db, prefix):
        env = dict(os.environ)
        env.update({"ZHIBU_DEV": "true", "ZHIBU_WECHAT_BASE_URL": "fake", "ZHIBU_HTTP_PORT": str(PORT),
                    "ZHIBU_PG_URL": "postgresql://postgres@127.0.0.1:5432/" + db, "ZHIBU_REDIS_PREFIX": prefix,
                    "ZHIBU_LOGIN_RATE_PER_MINUTE": "100000", "ZHIBU_JWT_SECRET": JWT_SECRET,
                    "ZHIBU_ACCESS_TOKEN_TTL_SECONDS": "7200", "ZHIBU_ACCESS_LOG_LEVEL": "WARN"})
        self.log_path = os.path.join(WORK, "server-%s.log" % db)
        self.log = open(self.log_path, "a")
        self.log_offset = self.log.tell()
        started = self.started = time.time()
        # The README's command with its heap flags (scripts/run-dev.sh: JAVA_OPTS, -Xmx1g unless set): the RSS
        # measured is what a school running it would see.
        opts = os.environ.get("JAVA_OPTS", "-Xmx1g").split()
        self.proc = subprocess.Popen(["java", *opts, "-jar", JAR], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(1200):
            status, _ = http("GET", self.url("/health/ready"), timeout=1)
            if status == 200:
                self.ready_seconds = round(time.time() - started, 2)
                return
            if self.proc.poll() is not None:
                raise SystemExit("server exited; see " + self.log.name)
            time.sleep(0.05)
        raise SystemExit("server did not become ready")

    def boards_built_seconds(self, timeout=300):
        """Seconds from start until the background board rebuild logged its end (boards read empty until then)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.log_path) as f:
                f.seek(self.log_offset)
                if "leaderboards rebuilt" in f.read():
                    return round(time.time() - self.started, 2)
            time.sleep(0.1)
        return None

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (PORT, path)

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024)
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


SEED = """
SET synchronous_commit = off;
CREATE TEMP TABLE s_colleges AS SELECT c, gen_random_uuid() AS id FROM generate_series(1, {colleges}) c;
CREATE TEMP TABLE s_branches AS
  SELECT c.c, b, gen_random_uuid() AS id, c.id AS college FROM s_colleges c, generate_series(1, {branches}) b;
CREATE TEMP TABLE s_people AS
  SELECT br.id AS branch, br.college, m, gen_random_uuid() AS id, row_number() OVER () AS n
  FROM s_branches br, generate_series(1, {members}) m;
CREATE INDEX ON s_people (branch, m);
ANALYZE s_people;
CREATE TEMP TABLE s_admins (role text, org uuid, id uuid);
INSERT INTO s_admins VALUES ('school', '{root}', gen_random_uuid()),
  ('college', (SELECT id FROM s_colleges WHERE c = 1), gen_random_uuid());

INSERT INTO orgs (id, parent_id, name, kind, ancestry)
  SELECT id, '{root}', '第' || c || '学院党委', 'college', ARRAY['{root}', id]::uuid[] FROM s_colleges;
INSERT INTO orgs (id, parent_id, name, kind, ancestry)
  SELECT id, college, '第' || c || '学院第' || b || '党支部', 'branch', ARRAY['{root}', college, id]::uuid[] FROM s_branches;
INSERT INTO persons (id, openid, number, name, stage, org_id, bound_at, gender, birth_date, ethnicity, education,
                     joined_at, full_member_at)
  SELECT id, 'school-' || n, 'S' || lpad(n::text, 7, '0'), '党员' || n,
         CASE WHEN m % 20 = 0 THEN 'probationary' ELSE 'full' END, branch, now(),
         CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END, date '1995-01-01' + (n % 3000)::int,
         CASE WHEN n % 17 = 0 THEN '回族' ELSE '汉族' END, 'bachelor', date '2018-06-01', date '2019-06-01'
  FROM s_people;
INSERT INTO persons (id, openid, number, name, stage, org_id, bound_at)
  SELECT id, 'school-admin-' || role, 'A-' || role, role || '管理员', 'full', org, now() FROM s_admins;
INSERT INTO org_roles (person_id, org_id, role) SELECT id, branch, 'member' FROM s_people;
INSERT INTO org_roles (person_id, org_id, role) SELECT id, branch, 'secretary' FROM s_people WHERE m = 1;
INSERT INTO org_roles (person_id, org_id, role) SELECT id, branch, 'committee' FROM s_people WHERE m IN (2, 3);
INSERT INTO org_roles (person_id, org_id, role) SELECT id, org, 'admin' FROM s_admins;
-- People in development: five per branch, outside the member roles.
INSERT INTO persons (id, number, name, stage, org_id)
  SELECT gen_random_uuid(), 'D' || b.id || '-' || k, '积极分子' || k, 'activist', b.id
  FROM s_branches b, generate_series(1, LEAST(5, {members})) k;

-- Meetings: a 主题党日 every month for two years (the current month's still ahead), and four 党课.
CREATE TEMP TABLE s_events AS
  SELECT gen_random_uuid() AS id, b.id AS org_id, x.type, x.starts_at, (SELECT id FROM s_people p WHERE p.branch = b.id AND p.m = 1) AS secretary
  FROM s_branches b, (
    SELECT 'party_day' AS type,
           (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - make_interval(months => k) + interval '9 days 14 hours')
             AT TIME ZONE 'Asia/Shanghai' AS starts_at
    FROM generate_series(0, 23) k
    UNION ALL
    SELECT 'party_lesson', (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - make_interval(months => k)
             + interval '19 days 15 hours') AT TIME ZONE 'Asia/Shanghai'
    FROM unnest(ARRAY[2, 8, 14, 20]) k) x;
INSERT INTO events (id, org_id, type, title, starts_at, ends_at, code_step_seconds, checkin_opens_at, checkin_closes_at,
                    code_secret, created_by, created_at, expected, study_hours, minutes)
  SELECT id, org_id, type, CASE type WHEN 'party_day' THEN '主题党日' ELSE '专题党课' END, starts_at,
         starts_at + interval '2 hours', 30, starts_at - interval '30 minutes', starts_at + interval '2 hours',
         decode(md5(id::text), 'hex'), secretary, starts_at - interval '7 days', {members},
         CASE type WHEN 'party_lesson' THEN 2 ELSE NULL END,
         CASE WHEN starts_at < now() THEN '会议记录：传达学习上级精神，开展组织生活。' END
  FROM s_events;
INSERT INTO event_attendees (event_id, person_id) SELECT e.id, p.id FROM s_events e JOIN s_people p ON p.branch = e.org_id;
-- Four in five check in to each meeting that has happened; one in twenty of the rest is on approved leave.
CREATE TEMP TABLE s_checkins AS
  SELECT gen_random_uuid() AS id, e.id AS event_id, p.id AS person_id,
         e.starts_at + make_interval(secs => (hashtext(e.id::text || p.id::text) & 1023)) AS at
  FROM s_events e JOIN s_people p ON p.branch = e.org_id
  WHERE e.starts_at < now() AND (hashtext(p.id::text || e.id::text) & 1023) < 820;
INSERT INTO checkins (id, event_id, person_id, checked_in_at) SELECT id, event_id, person_id, at FROM s_checkins;
INSERT INTO leaves (id, event_id, person_id, reason, status, requested_at, decided_by, decided_at)
  SELECT gen_random_uuid(), e.id, p.id, '出差', 'approved', e.starts_at - interval '1 day', e.secretary,
         e.starts_at - interval '20 hours'
  FROM s_events e JOIN s_people p ON p.branch = e.org_id
  WHERE e.starts_at < now() AND (hashtext(p.id::text || e.id::text) & 1023) BETWEEN 820 AND 880;
INSERT INTO points_ledger (person_id, category, points, requested, source_type, source_id, idempotency_key,
                           awarded_at, hash)
  SELECT person_id, 'attendance', 5, 5, 'checkin', event_id::text, 'checkin:' || event_id || ':' || person_id, at,
         md5(id::text)
  FROM s_checkins;

-- Notices: two a month to each branch, read by nine in ten (about 1.98 million receipts at 40,000 members).
CREATE TEMP TABLE s_notices AS
  SELECT gen_random_uuid() AS id, b.id AS org_id, now() - make_interval(days => k * 15) AS at,
         (SELECT id FROM s_people p WHERE p.branch = b.id AND p.m = 1) AS author
  FROM s_branches b, generate_series(0, 47) k;
INSERT INTO notices (id, author_id, title, body, must_read, created_at)
  SELECT id, author, '支部通知', '请按时参加组织生活。', true, at FROM s_notices;
INSERT INTO notice_targets (notice_id, org_id) SELECT id, org_id FROM s_notices;
INSERT INTO notice_reads (notice_id, person_id, read_at)
  SELECT n.id, p.id, n.at + interval '3 hours' FROM s_notices n JOIN s_people p ON p.branch = n.org_id
  WHERE (hashtext(p.id::text || n.id::text) & 1023) < 920;

-- 党费: bases for both years, last year paid in two halves, this year's first half paid by all and
-- July–October by half (about 142,000 payments at 40,000 members).
INSERT INTO dues_bases (person_id, year, category, monthly_due_fen, set_by)
  SELECT p.id, y, 'student', 20, s.id FROM s_people p, s_admins s,
         generate_series(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int - 1,
                          extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int) y
  WHERE s.role = 'school';
CREATE TEMP TABLE s_payments AS
  SELECT gen_random_uuid() AS id, p.id AS person_id, p.branch, x.months,
         make_date(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int + x.y, x.first, 1) AS first
  FROM s_people p, (VALUES (-1, 1, 6), (-1, 7, 6), (0, 1, 6), (0, 7, 4)) x(y, first, months)
  WHERE NOT (x.y = 0 AND x.first = 7 AND p.n % 2 = 0);
INSERT INTO dues_payments (id, person_id, org_id, amount_fen, recorded_by, recorded_at, month_count, last_month)
  SELECT s.id, s.person_id, s.branch, 20 * s.months, a.id, s.first + interval '10 days', s.months,
         to_char(s.first + make_interval(months => s.months - 1), 'YYYY-MM')
  FROM s_payments s, s_admins a WHERE a.role = 'school';
INSERT INTO dues_paid_months (person_id, month, payment_id)
  SELECT s.person_id, to_char(s.first + make_interval(months => k), 'YYYY-MM'), s.id
  FROM s_payments s, generate_series(0, 5) k WHERE k < s.months;

-- Volunteer service: one approved record a year per member.
INSERT INTO volunteer_records (id, person_id, source, status, started_at, ended_at, minutes, description,
                               reviewed_by, reviewed_at, created_at)
  SELECT gen_random_uuid(), p.id, 'self', 'approved', t, t + interval '2 hours', 120, '社区志愿服务',
         (SELECT id FROM s_people q WHERE q.branch = p.branch AND q.m = 1), t + interval '1 day', t
  FROM s_people p, LATERAL (VALUES (now() - interval '400 days'), (now() - interval '40 days')) v(t);

-- 我为群众办实事: ten resolved requests a branch a year.
INSERT INTO requests (id, requester_id, category, title, content, org_id, assignee_id, status, rating, respond_by,
                      resolve_by, accepted_at, resolved_at, closed_at, created_at)
  SELECT gen_random_uuid(), p.id, 'campus', '报修', '宿舍热水器坏了', p.branch,
         (SELECT id FROM s_people q WHERE q.branch = p.branch AND q.m = 1), 'closed', 5, t + interval '1 day',
         t + interval '7 days', t + interval '2 hours', t + interval '3 days', t + interval '4 days', t
  FROM s_people p, generate_series(1, 2) k, LATERAL (SELECT now() - make_interval(days => k * 36 + p.m) AS t) tt
  WHERE p.m BETWEEN 4 AND 13;
"""


def seed(db, shape):
    colleges, branches, members = shape
    root = sql("SELECT id FROM orgs WHERE parent_id IS NULL", db)
    path = os.path.join(WORK, "seed-%s.sql" % db)
    with open(path, "w") as f:
        f.write(SEED.format(root=root, colleges=colleges, branches=branches, members=members))
    started = time.time()
    subprocess.run(PSQL + ["-d", db, "-f", path], check=True, capture_output=True, text=True)
    subprocess.run(PSQL + ["-d", db, "-c", "VACUUM ANALYZE"], check=True, capture_output=True, text=True)
    seconds = round(time.time() - started, 1)
    counts = {t: int(sql("SELECT count(*) FROM " + t, db)) for t in (
        "persons", "orgs", "events", "checkins", "points_ledger", "notice_reads", "dues_payments")}
    ids = {
        "root": root,
        "college": sql("SELECT id FROM orgs WHERE name = '第1学院党委'", db),
        "branch": sql("SELECT id FROM orgs WHERE name = '第1学院第1党支部'", db),
        "event": sql("SELECT e.id FROM events e JOIN orgs o ON o.id = e.org_id WHERE o.name = '第1学院第1党支部' "
                     "AND e.starts_at < now() ORDER BY e.starts_at DESC LIMIT 1", db),
        "notice": sql("SELECT n.id FROM notices n JOIN notice_targets t ON t.notice_id = n.id JOIN orgs o ON "
                      "o.id = t.org_id WHERE o.name = '第1学院第1党支部' ORDER BY n.created_at DESC LIMIT 1", db),
        "secretary_openid": sql("SELECT p.openid FROM persons p JOIN org_roles r ON r.person_id = p.id AND r.role = "
                                "'secretary' JOIN orgs o ON o.id = r.org_id WHERE o.name = '第1学院第1党支部'", db),
        "member_openid": sql("SELECT p.openid FROM persons p JOIN orgs o ON o.id = p.org_id WHERE "
                             "o.name = '第1学院第1党支部' AND p.openid IS NOT NULL ORDER BY p.number DESC LIMIT 1", db),
    }
    return seconds, counts, ids


def login(server, openid):
    status, body = http("POST", server.url("/api/v1/auth/wechat"), {"code": "fake:%s#%s" % (openid, uuid.uuid4())})
    if status != 200:
        raise SystemExit("login %s failed: %s %s" % (openid, status, body[:300]))
    return json.loads(body)["accessToken"]


def reads(ids, year, month, first_month):
    """(name, who, path): every report, list and export of the contract, at each level it exists for."""
    out = [("/me", "member", "/me"), ("/me/data", "member", "/me/data"), ("/me/study", "member", "/me/study"),
           ("/me/dues", "member", "/me/dues"), ("/me/points", "member", "/me/points"),
           ("/me/volunteer", "member", "/me/volunteer"), ("notice feed", "member", "/notices"),
           ("leaderboard (branch, month)", "member", "/leaderboards?orgId=%s&period=month" % ids["branch"]),
           ("leaderboard (school, year)", "member", "/leaderboards?orgId=%s&period=year" % ids["root"]),
           ("org leaderboard (school, year)", "member", "/leaderboards/orgs?orgId=%s&period=year" % ids["root"]),
           ("events list (branch)", "secretary", "/events?orgId=%s" % ids["branch"]),
           ("attendance (one meeting)", "secretary", "/events/%s/attendance" % ids["event"]),
           ("attendance xlsx", "secretary", "/events/%s/attendance?format=xlsx" % ids["event"]),
           ("notice receipts", "secretary", "/notices/%s/receipts" % ids["notice"]),
           ("notice receipts xlsx", "secretary", "/notices/%s/receipts?format=xlsx" % ids["notice"]),
           ("notices sent", "secretary", "/notices/sent")]
    for level, who in (("branch", "secretary"), ("college", "college"), ("school", "school")):
        org = ids["root" if level == "school" else level]
        for name, path in (
                ("members", "/orgs/%s/members"), ("children", "/orgs/%s/children"),
                ("dashboard", "/orgs/%s/dashboard"), ("dashboard xlsx", "/orgs/%s/dashboard?format=xlsx"),
                ("dues ledger", "/orgs/%s/dues"), ("dues ledger xlsx", "/orgs/%s/dues?format=xlsx"),
                ("compliance", "/orgs/%s/compliance?period=" + month),
                ("台账 pack, 12 months", "/orgs/%s/ledger-pack?from=" + first_month + "&to=" + month),
                ("study report", "/orgs/%s/study-report"), ("study report xlsx", "/orgs/%s/study-report?format=xlsx"),
                ("volunteer report", "/orgs/%s/volunteer-report"),
                ("volunteer report xlsx", "/orgs/%s/volunteer-report?format=xlsx"),
                ("volunteer records", "/orgs/%s/volunteer-records"),
                ("request metrics", "/orgs/%s/request-metrics"),
                ("request metrics xlsx", "/orgs/%s/request-metrics?format=xlsx"),
                ("development", "/orgs/%s/development"), ("development xlsx", "/orgs/%s/development?format=xlsx"),
                ("leaves", "/orgs/%s/leaves"),
                ("reviews", "/orgs/%s/reviews"), ("backfills", "/orgs/%s/backfills")):
            out.append(("%s (%s)" % (name, level), who, path % org))
        if level != "branch":  # the audit log is an admin's
            out.append(("audit log (%s)" % level, who, "/orgs/%s/audit-log" % org))
    return out


def time_read(server, token, path):
    """One cold call, then WARM calls; the warm median in seconds, the statuses seen and the bytes."""
    times, statuses, size = [], set(), 0
    for i in range(WARM + 1):
        started = time.time()
        status, body = http("GET", server.url("/api/v1" + path), token=token)
        elapsed = time.time() - started
        statuses.add(status)
        size = len(body)
        if i == 0:
            cold = elapsed
        else:
            times.append(elapsed)
        if elapsed > 60 and i >= 1:
            break  # two slow calls say enough
    return {"cold_s": round(cold, 3), "p50_s": round(statistics.median(times), 3) if times else round(cold, 3),
            "status": sorted(statuses), "bytes": size}


def concurrent_packs(server, tokens, ids, first_month, month):
    """Two school 台账 packs at once on a server, with a member's /me timed while they run."""
    path = "/api/v1/orgs/%s/ledger-pack?from=%s&to=%s" % (ids["root"], first_month, month)
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        packs = [pool.submit(lambda: http("GET", server.url(path), token=tokens["school"])) for _ in range(2)]
        me_times, me_status = [], set()
        while not all(p.done() for p in packs):
            started = time.time()
            status, _ = http("GET", server.url("/api/v1/me"), token=tokens["member"], timeout=30)
            me_times.append(time.time() - started)
            me_status.add(status)
            time.sleep(0.2)
        return {"packs": [p.result()[0] for p in packs], "me_max_s": round(max(me_times or [0]), 3),
                "me_p50_s": round(statistics.median(me_times), 3) if me_times else None, "me_status": sorted(me_status)}


def bench_school(name):
    shape = SHAPES[name]
    db = "zhibu_school_" + name
    prefix = "zhibu:school-%s:" % name
    sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, "postgres")
    sql("CREATE DATABASE %s" % db, "postgres")
    subprocess.run("redis-cli --scan --pattern '%s*' | xargs -r redis-cli del > /dev/null" % prefix, shell=True)
    server = Server(db, prefix)
    server.stop()
    log("%s: migrated; seeding %s" % (name, shape))
    seconds, counts, ids = seed(db, shape)
    log("%s: seeded in %.1f s: %s" % (name, seconds, counts))
    subprocess.run("redis-cli --scan --pattern '%s*' | xargs -r redis-cli del > /dev/null" % prefix, shell=True)
    server = Server(db, prefix)
    result = {"shape": shape, "seed_s": seconds, "counts": counts, "startup_s": server.ready_seconds,
              "rss_start_mb": server.rss_mb()}
    result["boards_built_s"] = server.boards_built_seconds()
    log("%s: ready in %.2f s with Redis empty; boards rebuilt at %s s" % (name, server.ready_seconds,
                                                                        result["boards_built_s"]))
    tokens = {"member": login(server, ids["member_openid"]), "secretary": login(server, ids["secretary_openid"]),
              "college": login(server, "school-admin-college"), "school": login(server, "school-admin-school")}
    now = time.gmtime(time.time() + 8 * 3600)
    year, month = now.tm_year, "%04d-%02d" % (now.tm_year, now.tm_mon)
    first = now.tm_mon - 11
    first_month = "%04d-%02d" % (year if first > 0 else year - 1, first if first > 0 else first + 12)
    result["reads"] = {}
    rss_peak = 0
    for label, who, path in reads(ids, year, month, first_month):
        r = time_read(server, tokens[who], path)
        r["rss_mb"] = server.rss_mb()
        rss_peak = max(rss_peak, r["rss_mb"] or 0)
        result["reads"][label] = r
        log("%s: %-40s p50 %7.3f s (cold %7.3f) %s %d B, RSS %s MB"
            % (name, label, r["p50_s"], r["cold_s"], r["status"], r["bytes"], r["rss_mb"]))
    result["rss_peak_mb"] = rss_peak
    result["concurrent_packs"] = concurrent_packs(server, tokens, ids, first_month, month)
    log("%s: two school packs at once: %s" % (name, result["concurrent_packs"]))
    result["rss_end_mb"] = server.rss_mb()
    server.stop()
    # A fresh server's first school pack (the outside test saw it fail every time).
    server = Server(db, prefix)
    status, _ = http("GET", server.url("/api/v1/orgs/%s/ledger-pack?from=%s&to=%s" % (ids["root"], first_month, month)),
                     token=tokens["school"])
    result["fresh_pack_status"] = status
    result["startup_warm_redis_s"] = server.ready_seconds
    server.stop()
    return result


def write(results):
    names = list(results)
    lines = ["# Large-school benchmark results", "",
             "Written by `bash scripts/bench-school.sh` on %s (2 cores shared by the server, PostgreSQL and the "
             "client). Seconds are the median of %d warm calls after one cold call; growth is each school's "
             "median over the small school's." % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), WARM), ""]
    lines.append("| school | colleges × branches × members | seeded in | persons | events | check-ins | ledger rows | "
                 "notice receipts | dues payments | ready (Redis empty) | boards rebuilt | RSS start / peak / end |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        r = results[n]
        c = r["counts"]
        lines.append("| %s | %d × %d × %d | %.0f s | %d | %d | %d | %d | %d | %d | %.2f s | %s s | %s / %s / %s MB |" % (
            n, *r["shape"], r["seed_s"], c["persons"], c["events"], c["checkins"], c["points_ledger"],
            c["notice_reads"], c["dues_payments"], r["startup_s"], r["boards_built_s"], r["rss_start_mb"],
            r["rss_peak_mb"], r["rss_end_mb"]))
    lines += ["", "| read | " + " | ".join(names) + " | " + " | ".join("growth " + n for n in names[1:]) + " |",
              "|---|" + "---|" * (2 * len(names) - 1)]
    base = results[names[0]]["reads"]
    for label in base:
        cells, growth = [], []
        for n in names:
            r = results[n]["reads"][label]
            bad = [s for s in r["status"] if s != 200]
            cells.append("%.3f s%s" % (r["p50_s"], (" **%s**" % bad) if bad else ""))
            if n != names[0]:
                growth.append("%.1f×" % (r["p50_s"] / max(base[label]["p50_s"], 0.001)))
        lines.append("| %s | %s | %s |" % (label, " | ".join(cells), " | ".join(growth)))
    lines += ["", "Two school 台账 packs at once, with a member's `/me` polled while they run:", ""]
    for n in names:
        c = results[n]["concurrent_packs"]
        lines.append("- %s: packs answered %s; `/me` p50 %s s, max %s s, statuses %s; a fresh server's first "
                     "school pack: %s" % (n, c["packs"], c["me_p50_s"], c["me_max_s"], c["me_status"],
                                          results[n]["fresh_pack_status"]))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(WORK, exist_ok=True)
    names = [n.strip() for n in os.environ.get("BENCH_SCHOOLS", "small,40k,100k").split(",") if n.strip()]
    results = {}
    for name in names:
        results[name] = bench_school(name)
        with open(os.path.join(WORK, "results.json"), "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)
    write(results)
    log("wrote", OUT)


if __name__ == "__main__":
    main()
