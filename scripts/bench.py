#!/usr/bin/env python3
"""The zhibu benchmark harness: seeds its own data, drives the server with wrk like phones would, measures
the real endpoints and the bare reference routes back to back, and writes docs/performance.md.

Run it through scripts/bench.sh (which builds the jar and makes sure PostgreSQL, Redis and wrk are there).
Everything talks to 127.0.0.1 only. Absolute numbers on a 2-core machine are noise: the ratios are the result.
"""
import concurrent.futures
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "20000"))
BURST = int(os.environ.get("BENCH_BURST", str(MEMBERS * 5)))
NOTICE_AUDIENCE = int(os.environ.get("BENCH_NOTICE_AUDIENCE", "50000"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "256"))
DURATION = os.environ.get("BENCH_DURATION", "20s")
PORT = int(os.environ.get("BENCH_PORT", "18090"))
PORT2 = PORT + 1
DB = "zhibu_bench"
PREFIX = "zhibu:bench:"
PSQL = ["psql", "-w", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
WORK = os.path.join(ROOT, "target", "bench")
# The jar under test: this tree's by default; BENCH_JAR points at another build (e.g. the "before" of a change).
JAR = os.environ.get("BENCH_JAR", os.path.join(ROOT, "target", "zhibu.jar"))
JAVA_OPTS = os.environ.get("BENCH_JAVA_OPTS", "-Xmx256m").split()
# Where the tables go: docs/ by default; BENCH_OUT for a "before" run that must not overwrite them.
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "docs", "performance-results.md"))


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def sql(statement, db=DB):
    return subprocess.run(PSQL + ["-d", db, "-c", statement], check=True, capture_output=True, text=True).stdout.strip()


def http(method, url, body=None, token=None, timeout=30, raw=False):
    """(status, body): JSON parsed unless raw; an HTTP error's body as bytes."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            content = res.read()
            parse = not raw and content and res.headers.get_content_type().endswith("json")
            return res.status, (json.loads(content) if parse else content)
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    """One zhibu process with the bench routes on, and its CPU and memory as /proc reports them."""

    def __init__(self, port, extra_env=None):
        env = dict(os.environ)
        env.update({"ZHIBU_DEV": "true", "ZHIBU_WECHAT_BASE_URL": "fake", "ZHIBU_BENCH": "true",
                    "ZHIBU_HTTP_PORT": str(port), "ZHIBU_PG_URL": "postgresql://postgres@127.0.0.1:5432/" + DB,
                    "ZHIBU_REDIS_PREFIX": PREFIX, "ZHIBU_LOGIN_RATE_PER_MINUTE": "100000000",
                    "ZHIBU_JWT_SECRET": "bench-secret-" + "k9Qx7LmW2pR8sT4vY6zA3cE5gJ1nB0dF",
                    "ZHIBU_ACCESS_TOKEN_TTL_SECONDS": "7200", "ZHIBU_ACCESS_LOG_LEVEL": "WARN",
                    "ZHIBU_BOOTSTRAP_ADMIN_OPENIDS": "bench-admin", "ZHIBU_PUSH_POLL_MS": "0",
                    "ZHIBU_PG_POOL_SIZE": os.environ.get("BENCH_PG_POOL", "32")})
        env.update(extra_env or {})
        self.port = port
        self.log = open(os.path.join(WORK, "server-%d.log" % port), "w")
        self.started = time.time()
        self.proc = subprocess.Popen(["java"] + JAVA_OPTS + ["-jar", JAR],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.peak_rss_kb = 0
        self.ready_seconds = self._wait_ready()

    def _wait_ready(self):
        for _ in range(600):
            try:
                status, _ = http("GET", self.url("/health/ready"), timeout=1)
                if status == 200:
                    return time.time() - self.started
            except Exception:
                pass
            if self.proc.poll() is not None:
                raise SystemExit("server on port %d exited; see %s" % (self.port, self.log.name))
            time.sleep(0.05)
        raise SystemExit("server on port %d did not become ready" % self.port)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def cpu_seconds(self):
        return sum(self.cpu_split())

    def cpu_split(self):
        """(user, system) CPU seconds of the server process."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) / os.sysconf("SC_CLK_TCK"), int(fields[12]) / os.sysconf("SC_CLK_TCK")

    def sample_rss(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def process_cpu(name):
    """CPU seconds (user + system) of every process with this command name, from /proc."""
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        if comm == name or comm.startswith(name + " "):
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wrk(server_urls, lua, env, connections=CONNECTIONS, duration=DURATION, servers=()):
    """Runs wrk (one process per URL, connections split) and returns throughput, latencies and status counts."""
    procs = []
    for url in server_urls:
        cmd = ["wrk", "-t2", "-c%d" % max(2, connections // len(server_urls)), "-d" + duration, "--latency", "-s", lua, url]
        procs.append(subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True))
    cpu_before = [s.cpu_seconds() for s in servers]
    sys_before = [s.cpu_split()[1] for s in servers]
    others_before = {n: process_cpu(n) for n in ("postgres", "redis-server", "wrk")}
    started = time.time()
    while any(p.poll() is None for p in procs):
        for s in servers:
            s.sample_rss()
        time.sleep(0.25)
    elapsed = time.time() - started
    cpu = [s.cpu_seconds() - b for s, b in zip(servers, cpu_before)]
    system = [s.cpu_split()[1] - b for s, b in zip(servers, sys_before)]
    others = {n: round((process_cpu(n) - b) / elapsed, 2) for n, b in others_before.items()}
    result = {"rps": 0.0, "p50_ms": [], "p99_ms": [], "s2xx": 0, "s4xx": 0, "s5xx": 0, "errors": 0,
              "cpu_cores": [round(c / elapsed, 2) for c in cpu], "other_cores": others,
              "system_share": [round(x / c, 2) if c else 0 for x, c in zip(system, cpu)]}
    for p in procs:
        out = p.stdout.read()
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        result["rps"] += float(m.group(1)) if m else 0.0
        for pct, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
            m = re.search(r"\s%s\s+([\d.]+)(us|ms|s)" % re.escape(pct), out)
            if m:
                value = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
                result[key].append(value)
        m = re.search(r"STATUS 2xx=(\d+) 4xx=(\d+) 5xx=(\d+)", out)
        if m:
            result["s2xx"] += int(m.group(1))
            result["s4xx"] += int(m.group(2))
            result["s5xx"] += int(m.group(3))
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        if m:
            result["errors"] += sum(int(x) for x in m.groups())
    answered = result["s2xx"] + result["s4xx"] + result["s5xx"] or result["rps"] * elapsed
    # Server CPU per request, in microseconds (user + system time of the server process, from /proc).
    result["cpu_us_per_request"] = round(sum(cpu) / answered * 1e6, 1) if answered and cpu else None
    result["p50_ms"] = round(max(result["p50_ms"] or [0]), 2)
    result["p99_ms"] = round(max(result["p99_ms"] or [0]), 2)
    result["rps"] = round(result["rps"], 1)
    return result


def seed(server):
    """A school with one big branch of MEMBERS party members and a notice org of NOTICE_AUDIENCE people."""
    root = sql("SELECT id FROM orgs WHERE parent_id IS NULL")
    college, branch, small, big = (str(uuid.uuid4()) for _ in range(4))
    sql(f"""
      INSERT INTO orgs (id, parent_id, name, kind, ancestry) VALUES
        ('{college}', '{root}', '压测学院', 'college', ARRAY['{root}', '{college}']::uuid[]),
        ('{branch}', '{college}', '压测支部', 'branch', ARRAY['{root}', '{college}', '{branch}']::uuid[]),
        ('{small}', '{college}', '百人支部', 'branch', ARRAY['{root}', '{college}', '{small}']::uuid[]),
        ('{big}', '{root}', '五万人党委', 'college', ARRAY['{root}', '{big}']::uuid[]);
      INSERT INTO persons (id, openid, number, name, stage, org_id, bound_at)
        SELECT gen_random_uuid(), 'bench-m-' || i, 'B' || i, '成员' || i, 'full', '{branch}', now()
        FROM generate_series(1, {MEMBERS}) i;
      INSERT INTO persons (id, openid, number, name, stage, org_id, bound_at)
        SELECT gen_random_uuid(), 'bench-s-' || i, 'S' || i, '小' || i, 'full', '{small}', now()
        FROM generate_series(1, 100) i;
      INSERT INTO persons (id, number, name, stage, org_id)
        SELECT gen_random_uuid(), 'N' || i, '众' || i, 'full', '{big}' FROM generate_series(1, {NOTICE_AUDIENCE}) i;
      INSERT INTO org_roles (person_id, org_id, role) SELECT id, org_id, 'member' FROM persons WHERE org_id IN
        ('{branch}', '{small}', '{big}');
      INSERT INTO org_roles (person_id, org_id, role) SELECT id, org_id, 'secretary' FROM persons
        WHERE openid = 'bench-m-1';
    """)
    return {"root": root, "college": college, "branch": branch, "small": small, "big": big}


def login_all(server, count):
    def login(i):
        status, body = http("POST", server.url("/api/v1/auth/wechat"), {"code": "fake:bench-m-%d#%s" % (i, uuid.uuid4())})
        if status != 200:
            raise SystemExit("login %d failed: %s %s" % (i, status, body))
        return body["accessToken"]
    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        return list(pool.map(login, range(1, count + 1)))


def write_lua(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


LUA_COMMON = r"""
tokens = {}
local counter = 0
s2, s4, s5 = 0, 0, 0
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args)
  if os.getenv("TOKENS") then for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end end
  counter = math.random(1, 100000)
end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1 else s2 = s2 + 1 end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("s2"); b = b + t:get("s4"); c = c + t:get("s5") end
  io.write(string.format("STATUS 2xx=%d 4xx=%d 5xx=%d\n", a, b, c))
end
local function token()
  counter = counter + 1
  return tokens[(counter % #tokens) + 1]
end
"""


def main():
    os.makedirs(WORK, exist_ok=True)
    sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB, db="postgres")
    sql("CREATE DATABASE %s" % DB, db="postgres")
    subprocess.run("redis-cli --scan --pattern '%s*' | xargs -r redis-cli del > /dev/null" % PREFIX, shell=True)

    results = {}
    server = Server(PORT)
    results["startup_s"] = round(server.ready_seconds, 2)
    log("server ready in %.2f s; seeding %d members" % (server.ready_seconds, MEMBERS))
    orgs = seed(server)
    tokens = login_all(server, MEMBERS)
    secretary = tokens[0]
    token_file = os.path.join(WORK, "tokens.txt")
    with open(token_file, "w") as f:
        f.write("\n".join(tokens) + "\n")
    now = datetime.now(timezone.utc)
    # The check-in run as the outside measurement made it: 3,000 members, every request a new check-in (so
    # many events that the run never repeats one), after a short warm-up on events of its own.
    checkin_members = int(os.environ.get("BENCH_CHECKIN_MEMBERS", "3000"))
    checkin_tokens = os.path.join(WORK, "checkin-tokens.txt")
    with open(checkin_tokens, "w") as f:
        f.write("\n".join(tokens[:checkin_members]) + "\n")
    events, codes = [], []
    warmup_events = int(os.environ.get("BENCH_WARMUP_EVENTS", "60"))
    for i in range(warmup_events + int(os.environ.get("BENCH_CHECKIN_EVENTS", "60"))):
        status, event = http("POST", server.url("/api/v1/events"), {
            "orgId": orgs["branch"], "type": "party_day", "title": "压测主题党日 %d" % i, "codeStepSeconds": 300,
            "startsAt": (now + timedelta(minutes=5)).isoformat(), "endsAt": (now + timedelta(hours=3)).isoformat()},
            token=secretary)
        assert status == 201, event
        status, code = http("GET", server.url("/api/v1/events/%s/checkin-code" % event["id"]), token=secretary)
        events.append(event["id"])
        codes.append(code["code"])
    # Their hour-before reminders (a push to each of 20,000 attendees per event) are marked sent: the reminder
    # job would otherwise queue millions of pushes in the middle of the measured runs.
    sql("UPDATE events SET reminded_at = now() WHERE reminded_at IS NULL")
    log("%d events with %d expected attendees each" % (len(events), event["expected"]))

    checkin_lua = write_lua("checkin.lua", LUA_COMMON + r"""
local events, codes, n = {}, {}, tonumber(os.getenv("START") or "0")
local base_init = init
function init(args)
  base_init(args)
  for e in string.gmatch(os.getenv("EVENTS"), "[^,]+") do events[#events + 1] = e end
  for c in string.gmatch(os.getenv("CODES"), "[^,]+") do codes[#codes + 1] = c end
end
function request()
  -- Thread k takes the k-th of every 2 members, and moves to the next event once through them all.
  local i = n * 2 + (id or 0)
  n = n + 1
  local e = (math.floor(i / #tokens) % #events) + 1
  return wrk.format("POST", "/api/v1/events/" .. events[e] .. "/checkins",
    {["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1], ["Content-Type"] = "application/json"},
    '{"code":"' .. codes[e] .. '"}')
end
""")
    insert_lua = write_lua("insert.lua", LUA_COMMON + r"""
function request() return wrk.format("POST", "/bench/insert", {["Content-Type"] = "application/json"}, "{}") end
""")
    env = {"TOKENS": token_file, "EVENTS": ",".join(events[warmup_events:]),
           "CODES": ",".join(codes[warmup_events:])}
    checkin_env = dict(env, TOKENS=checkin_tokens)
    warmup_env = dict(checkin_env, EVENTS=",".join(events[:warmup_events]), CODES=",".join(codes[:warmup_events]))

    log("check-in burst (%s, %d connections) and the bare INSERT reference, back to back" % (DURATION, CONNECTIONS))
    # A server runs for weeks: the warm-up lasts until C2 has compiled the check-in path (with 15 s it was
    # still compiling through the measured run, 0.4 cores of compiler threads by /proc).
    wrk([server.url("/")], checkin_lua, warmup_env, servers=[server], duration=os.environ.get("BENCH_WARMUP", "60s"))
    wrk([server.url("/")], insert_lua, env, servers=[server], duration="5s")
    results["checkin"] = wrk([server.url("/")], checkin_lua, checkin_env, servers=[server])
    results["insert"] = wrk([server.url("/")], insert_lua, env, servers=[server])
    # The target is the server's own memory: the peak before the profiler's buffers join it (JFR keeps its own
    # native buffers, tens of MB), which is reported beside it.
    results["checkin_peak_rss_mb"] = round(server.peak_rss_kb / 1024, 1)
    # The profile is taken in a run of its own, after the measured ones: starting a recording deoptimises
    # code, which the JIT then compiles again during the recording.
    profiling = profile_start(server)
    wrk([server.url("/")], checkin_lua, dict(checkin_env, START=str(results["checkin"]["s2xx"] // 2 + 1)), servers=[server], duration="15s")
    results["checkin_profile"] = profile_stop(server, profiling)
    if os.environ.get("BENCH_ONLY") == "checkin":
        server.stop()
        print(json.dumps({k: results[k] for k in ("checkin", "insert", "checkin_profile", "checkin_peak_rss_mb")}, indent=1))
        return
    results["checkin_profiled_peak_rss_mb"] = round(server.peak_rss_kb / 1024, 1)

    log("burst: %d check-in attempts from %d members (duplicates and retries included) on a second event"
        % (BURST, MEMBERS))
    status, burst_event = http("POST", server.url("/api/v1/events"), {
        "orgId": orgs["branch"], "type": "branch_assembly", "title": "党员大会", "codeStepSeconds": 300,
        "startsAt": (now + timedelta(minutes=5)).isoformat(), "endsAt": (now + timedelta(hours=3)).isoformat()},
        token=secretary)
    status, burst_code = http("GET", server.url("/api/v1/events/%s/checkin-code" % burst_event["id"]), token=secretary)
    burst_lua = write_lua("burst.lua", LUA_COMMON + r"""
local sent = 0
local per_thread = tonumber(os.getenv("PER_THREAD"))
local stride, offset = 2, 0
function init(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  offset = id or 0
end
function request()
  sent = sent + 1
  -- After its share of check-ins, a thread only asks for liveness, which is cheap and never 5xx.
  if sent > per_thread then return wrk.format("GET", "/health/live") end
  local t = tokens[((sent * stride + offset) % #tokens) + 1]
  return wrk.format("POST", "/api/v1/events/" .. os.getenv("EVENT") .. "/checkins",
    {["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json"}, '{"code":"' .. os.getenv("CODE") .. '"}')
end
""")
    burst_env = dict(env, CODE=burst_code["code"], EVENT=burst_event["id"], PER_THREAD=str(BURST // 2))
    results["burst"] = wrk([server.url("/")], burst_lua, burst_env, servers=[server],
                           duration=os.environ.get("BENCH_BURST_DURATION", "120s"))
    results["checkin_rows"] = int(sql("SELECT count(*) FROM checkins WHERE event_id = '%s'" % burst_event["id"]))
    results["checkin_awards"] = int(sql("SELECT count(*) FROM points_ledger WHERE category = 'attendance' AND source_id = '%s'"
                                        % burst_event["id"]))

    board_key = "lb:points:%d:%s" % (datetime.now(timezone(timedelta(hours=8))).year, orgs["branch"])
    board_lua = write_lua("board.lua", LUA_COMMON + r"""
function request()
  return wrk.format("GET", "/api/v1/leaderboards?orgId=" .. os.getenv("BRANCH") .. "&period=year&limit=10",
    {["Authorization"] = "Bearer " .. token()})
end
""")
    zrev_lua = write_lua("zrev.lua", LUA_COMMON + r"""
function request() return wrk.format("GET", "/bench/zrevrange?key=" .. os.getenv("BOARD_KEY")) end
""")
    env.update({"BRANCH": orgs["branch"], "BOARD_KEY": board_key})
    log("leaderboard reads and the bare ZREVRANGE reference")
    results["board"] = wrk([server.url("/")], board_lua, env, servers=[server])
    results["zrevrange"] = wrk([server.url("/")], zrev_lua, env, servers=[server])

    log("notice publish: 100 vs %d targeted; feed reads" % NOTICE_AUDIENCE)
    status, admin = http("POST", server.url("/api/v1/auth/wechat"), {"code": "fake:bench-admin#1"})
    root_admin = admin["accessToken"]
    timings = {}
    for label, org in (("small", orgs["small"]), ("big", orgs["big"])):
        samples = []
        for i in range(15):
            started = time.perf_counter()
            status, _ = http("POST", server.url("/api/v1/notices"), {"title": "通知 %d" % i, "body": "请按时参加",
                                                                    "targetOrgIds": [org], "push": True}, token=root_admin)
            samples.append((time.perf_counter() - started) * 1000)
            assert status == 201
        timings[label] = round(statistics.median(samples), 2)
    results["publish_ms"] = timings
    for i in range(10):
        http("POST", server.url("/api/v1/notices"), {"title": "支部通知 %d" % i, "body": "x", "targetOrgIds": [orgs["branch"]]},
             token=secretary)
    feed_lua = write_lua("feed.lua", LUA_COMMON + r"""
function request() return wrk.format("GET", "/api/v1/notices?limit=20", {["Authorization"] = "Bearer " .. token()}) end
""")
    results["feed"] = wrk([server.url("/")], feed_lua, env, servers=[server])

    log("scale-out: a second instance on the same PostgreSQL and Redis")
    status, event2 = http("POST", server.url("/api/v1/events"), {
        "orgId": orgs["branch"], "type": "party_lesson", "title": "第二场", "codeStepSeconds": 300,
        "startsAt": (now + timedelta(minutes=5)).isoformat(), "endsAt": (now + timedelta(hours=3)).isoformat()},
        token=secretary)
    status, code2 = http("GET", server.url("/api/v1/events/%s/checkin-code" % event2["id"]), token=secretary)
    second = Server(PORT2)
    # The second process is as warm as the first before the two are compared (the JIT, its caches).
    wrk([second.url("/")], checkin_lua, warmup_env, servers=[second], duration=os.environ.get("BENCH_WARMUP", "60s"))
    env2 = dict(env, CODES=code2["code"], EVENTS=event2["id"])
    results["scaleout_one"] = wrk([server.url("/")], checkin_lua, env2, servers=[server], duration="10s")
    status, event3 = http("POST", server.url("/api/v1/events"), {
        "orgId": orgs["branch"], "type": "group_meeting", "title": "第三场", "codeStepSeconds": 300,
        "startsAt": (now + timedelta(minutes=5)).isoformat(), "endsAt": (now + timedelta(hours=3)).isoformat()},
        token=secretary)
    status, code3 = http("GET", server.url("/api/v1/events/%s/checkin-code" % event3["id"]), token=secretary)
    env3 = dict(env, CODES=code3["code"], EVENTS=event3["id"])
    results["scaleout_two"] = wrk([server.url("/"), second.url("/")], checkin_lua, env3, servers=[server, second],
                                  duration="10s")
    results["scaleout_duplicates"] = int(sql(
        "SELECT count(*) - count(DISTINCT (event_id, person_id)) FROM checkins"))
    second.stop()
    server.stop()

    results["machine"] = {"cores": os.cpu_count(), "kernel": os.uname().release,
                          "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]}
    results["when"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    report(results)
    log("done; results in docs/performance.md and target/bench/results.json")


VALIDATION_FRAMES = ("io.vertx.openapi.validation", "io.vertx.json.schema", "cn.zhibu.platform.RequestValidation")


def profile_start(server):
    """Starts a JFR recording (profile settings) in the server; None where jcmd is not there."""
    try:
        subprocess.run(["jcmd", str(server.proc.pid), "JFR.start", "name=bench", "settings=profile"],
                       check=True, capture_output=True, timeout=30)
        return os.path.join(WORK, "checkin-%d.jfr" % server.port)
    except (OSError, subprocess.SubprocessError):
        return None


def profile_stop(server, path):
    """Stops the recording and summarises its CPU samples: the validation share and the top frames."""
    if not path:
        return None
    subprocess.run(["jcmd", str(server.proc.pid), "JFR.stop", "name=bench", "filename=" + path],
                   check=True, capture_output=True, timeout=60)
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                          check=True, capture_output=True, text=True, timeout=300).stdout
    samples, validating, top = 0, 0, {}
    for block in text.split("jdk.ExecutionSample")[1:]:
        frames = [line.strip() for line in block.split("stackTrace = [", 1)[-1].split("]", 1)[0].splitlines()
                  if line.strip() and not line.strip().startswith("...")]
        if not frames:
            continue
        samples += 1
        if any(any(v in f for v in VALIDATION_FRAMES) for f in frames):
            validating += 1
        name = re.sub(r"\s+line:.*$", "", frames[0])
        top[name] = top.get(name, 0) + 1
    zhibu = {}
    for block in text.split("jdk.ExecutionSample")[1:]:
        frames = [line.strip() for line in block.split("stackTrace = [", 1)[-1].split("]", 1)[0].splitlines()]
        own = next((re.sub(r"\s+line:.*$", "", f) for f in frames if f.startswith("cn.zhibu.")), None)
        if own:
            zhibu[own] = zhibu.get(own, 0) + 1
    return {"samples": samples, "validation_share": round(validating / samples, 3) if samples else 0,
            "top_frames": sorted(top.items(), key=lambda kv: -kv[1])[:12],
            "top_zhibu_frames": sorted(zhibu.items(), key=lambda kv: -kv[1])[:8]}


def ratio(a, b):
    return round(a / b, 2) if b else 0.0


def report(r):
    c, ins, b, z, f = r["checkin"], r["insert"], r["board"], r["zrevrange"], r["feed"]
    one, two = r["scaleout_one"], r["scaleout_two"]
    rows = [
        ("Check-in throughput vs bare INSERT (256 conn.)", "≥ 1.5×", "%.2f× (%s vs %s req/s)" % (ratio(c["rps"], ins["rps"]), c["rps"], ins["rps"]),
         ratio(c["rps"], ins["rps"]) >= 1.5),
        ("Check-in p99", "≤ 100 ms", "%s ms (p50 %s ms)" % (c["p99_ms"], c["p50_ms"]), c["p99_ms"] <= 100),
        ("Burst of %d attempts: rows = members, awards = rows, no 5xx" % BURST, "%d / %d / 0" % (MEMBERS, MEMBERS),
         "%d rows, %d awards, %d 5xx, %d socket errors" % (r["checkin_rows"], r["checkin_awards"],
         r["burst"]["s5xx"], r["burst"]["errors"]),
         r["checkin_rows"] == MEMBERS and r["checkin_awards"] == MEMBERS and r["burst"]["s5xx"] == 0),
        ("Leaderboard read vs bare ZREVRANGE", "≥ 0.6×", "%.2f× (%s vs %s req/s)" % (ratio(b["rps"], z["rps"]), b["rps"], z["rps"]),
         ratio(b["rps"], z["rps"]) >= 0.6),
        ("Notice publish, %d vs 100 targeted (median)" % NOTICE_AUDIENCE, "≤ 2×",
         "%.2f× (%s vs %s ms)" % (ratio(r["publish_ms"]["big"], r["publish_ms"]["small"]), r["publish_ms"]["big"], r["publish_ms"]["small"]),
         ratio(r["publish_ms"]["big"], r["publish_ms"]["small"]) <= 2),
        ("Notice feed p99 (256 conn.)", "≤ 20 ms", "%s ms at %s req/s" % (f["p99_ms"], f["rps"]), f["p99_ms"] <= 20),
        ("Server RSS during the check-in burst", "≤ 512 MB", "%s MB peak (%s MB while profiled)" % (r["checkin_peak_rss_mb"], r["checkin_profiled_peak_rss_mb"]), r["checkin_peak_rss_mb"] <= 512),
        ("Start-up to ready (fresh database, all migrations)", "≤ 5 s", "%s s" % r["startup_s"], r["startup_s"] <= 5),
        ("Two instances vs one (check-in)", "≥ 1.6× where CPU allows", "%.2f× (%s vs %s req/s); %d duplicate check-ins"
         % (ratio(two["rps"], one["rps"]), two["rps"], one["rps"], r["scaleout_duplicates"]),
         ratio(two["rps"], one["rps"]) >= 1.6),
    ]
    profile = r.get("checkin_profile")
    if profile:
        rows.append(("Validation share of server CPU samples in the profiled check-in run (JFR)", "≤ 10 %",
                     "%.1f %% of %d samples" % (profile["validation_share"] * 100, profile["samples"]),
                     profile["validation_share"] <= 0.10))
    with open(OUT, "w") as out:
        out.write("# Benchmark results (generated by scripts/bench.sh)\n\n")
        out.write("Run %s on %s cores (%s, kernel %s), server started with `java %s`. wrk, PostgreSQL, Redis and the "
                  "server share the machine.\n\n"
                  % (r["when"], r["machine"]["cores"], r["machine"]["java"], r["machine"]["kernel"], " ".join(JAVA_OPTS)))
        out.write("| target | goal | measured | met |\n|---|---|---|---|\n")
        for name, goal, measured, met in rows:
            out.write("| %s | %s | %s | %s |\n" % (name, goal, measured, "yes" if met else "**no**"))
        out.write("\nServer CPU (cores busy) per run: check-in %s, insert %s, leaderboard %s, zrevrange %s, feed %s.\n"
                  % (c["cpu_cores"], ins["cpu_cores"], b["cpu_cores"], z["cpu_cores"], f["cpu_cores"]))
        out.write("\nServer CPU per request (µs, from /proc): check-in %s, insert %s, leaderboard %s, zrevrange %s, "
                  "feed %s.\n" % (c.get("cpu_us_per_request"), ins.get("cpu_us_per_request"), b.get("cpu_us_per_request"),
                                   z.get("cpu_us_per_request"), f.get("cpu_us_per_request")))
        if profile:
            out.write("\nTop frames of the profiled check-in run's CPU samples (JFR, a 15 s run after the measured ones, %d samples):\n\n" % profile["samples"])
            for name, count in profile["top_frames"]:
                out.write("- %s: %.1f %%\n" % (name, 100.0 * count / profile["samples"]))
            out.write("\nInnermost zhibu frames:\n\n")
            for name, count in profile["top_zhibu_frames"]:
                out.write("- %s: %.1f %%\n" % (name, 100.0 * count / profile["samples"]))
        out.write("\nRaw figures: `target/bench/results.json` of the run.\n")


if __name__ == "__main__":
    main()
