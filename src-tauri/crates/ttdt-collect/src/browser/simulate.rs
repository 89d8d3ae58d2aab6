//! Simulated throttling: page-load metrics of a slow network and CPU estimated from one
//! unthrottled load, by the method Lighthouse calls "Lantern" (implemented here from its public
//! description and from what Lighthouse reports, not from its code).
//!
//! The load's network requests and main-thread tasks become a dependency graph: a request
//! depends on the request or task that started it, a task on the script, style sheet or
//! response it handles and on the task that set its timer. The graph is then replayed on a model
//! of the throttled load: a request pays DNS, TCP (and TLS) round trips when its connection is
//! new, the server's observed response time, and TCP slow start on a link shared by the requests
//! in flight; it takes the free connection of its origin with the widest window, of as many as
//! the load opened (judged from timing) and at least six for HTTP/1, and ready requests start in
//! their observed order, the lower priorities ranked later; every task takes its observed time
//! multiplied by the CPU slowdown (layout half as much), one task at a time. Each metric is
//! estimated on two graphs, an optimistic one (only what most likely blocked the paint) and a
//! pessimistic one (everything that could have), cut at the observed paint, and the two estimates
//! are blended.
//!
//! Pure: no clock, no browser. Times are milliseconds on one clock (the browser's monotonic
//! clock of the load).

use std::collections::{HashMap, HashSet};

const TCP_SEGMENT: f64 = 1460.0;
const INITIAL_CWND: f64 = 10.0;
/// Connections a browser opens per HTTP/1 origin.
const CONNECTIONS_PER_ORIGIN: usize = 6;
/// Server response time assumed for an origin with no observed response.
const DEFAULT_SERVER_MS: f64 = 30.0;
/// A DNS lookup costs this many round trips.
const DNS_RTTS: f64 = 2.0;
/// A task longer than this is capped (a page stuck in a loop does not stretch the estimate for ever).
const MAX_TASK_MS: f64 = 10_000.0;
/// Tasks shorter than this are folded into their neighbours when that keeps the graph simple.
const SIGNIFICANT_TASK_MS: f64 = 10.0;
/// The part of a task over this counts as blocking (Total Blocking Time).
const BLOCKING_MS: f64 = 50.0;

/// A network request of the observed load.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub id: String,
    pub url: String,
    /// Scheme, host and port.
    pub origin: String,
    pub host: String,
    /// The DevTools resource type: Document, Stylesheet, Script, Image, Font, XHR, Fetch, Other…
    pub resource_type: String,
    /// The final priority: VeryHigh, High, Medium, Low, VeryLow.
    pub priority: String,
    /// parser, script, preload, other…
    pub initiator_type: String,
    /// The URLs of the document or scripts that started the request.
    pub initiator_urls: Vec<String>,
    /// The previous hop of a redirect.
    pub redirected_from: Option<String>,
    pub start_ms: f64,
    pub end_ms: f64,
    pub transfer_bytes: f64,
    pub secure: bool,
    pub h2: bool,
    /// From the request sent to the first byte of the answer (the server's time plus a round trip).
    pub ttfb_ms: Option<f64>,
    /// data: URLs and the memory or disk cache: no connection.
    pub connectionless: bool,
}

impl Request {
    /// As the browser ranks what holds the first paint: the document, style sheets (VeryHigh)
    /// and scripts in the head (High).
    fn render_blocking_priority(&self) -> bool {
        let high = self.priority == "High";
        self.priority == "VeryHigh" || (high && (self.resource_type == "Script" || self.resource_type == "Document"))
    }

    fn low_priority_image(&self) -> bool {
        self.resource_type == "Image" && (self.priority == "Low" || self.priority == "VeryLow")
    }

    /// How much later than observed the request is ranked when several are ready to start: on a
    /// slow link, an image found a few milliseconds before a script does not go first. Lighthouse
    /// ranks them so (0, 250 ms, 500 ms, 1 s and 2 s from VeryHigh to VeryLow).
    fn start_penalty_ms(&self) -> f64 {
        match self.priority.as_str() {
            "VeryHigh" => 0.0,
            "High" => 250.0,
            "Medium" => 500.0,
            "Low" => 1000.0,
            "VeryLow" => 2000.0,
            _ => 0.0,
        }
    }
}

/// Which of the `include`d requests opened a connection, judged from timing alone, as Lighthouse
/// does: the browser's own `connectionReused` flag is not trusted, since a socket it opened ahead
/// of the page (a preconnect) reads as reused though no request of the page opened it. The first
/// request of an origin opens one; a later one reuses one when its origin speaks HTTP/2 or when a
/// request of its origin had already ended when it was sent.
fn opens_connection(requests: &[Request], include: &[bool]) -> Vec<bool> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut earliest_end: HashMap<&str, f64> = HashMap::new();
    for (i, r) in requests.iter().enumerate().filter(|(i, r)| include[*i] && !r.connectionless) {
        let f = first.entry(r.origin.as_str()).or_insert(i);
        if r.start_ms < requests[*f].start_ms {
            *f = i;
        }
        let e = earliest_end.entry(r.origin.as_str()).or_insert(f64::INFINITY);
        *e = e.min(r.end_ms);
    }
    requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if !include[i] || r.connectionless {
                return false;
            }
            first[r.origin.as_str()] == i || !(r.h2 || r.start_ms >= earliest_end[r.origin.as_str()])
        })
        .collect()
}

/// A top-level main-thread task of the observed load and what happened in it.
#[derive(Debug, Clone, Default)]
pub struct Task {
    pub start_ms: f64,
    pub duration_ms: f64,
    pub layout: bool,
    pub paint: bool,
    pub parse_html: bool,
    /// Scripts evaluated in the task.
    pub evaluated: Vec<String>,
    /// Other URLs the task handled (a function of a script, a style sheet parsed, an XHR that
    /// completed): the task depends on their requests.
    pub urls: Vec<String>,
    /// Requests the task sent (request ids).
    pub sent: Vec<String>,
    pub timers_installed: Vec<String>,
    pub timers_fired: Vec<String>,
}

/// What the unthrottled load showed on screen, on the same clock as the requests and tasks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paints {
    pub fcp_ms: f64,
    pub lcp_ms: Option<f64>,
    /// The observed Speed Index (a duration from navigation start, not a time on the clock).
    pub speed_index_ms: Option<f64>,
}

/// The throttled network and CPU.
#[derive(Debug, Clone, Copy)]
pub struct Model {
    pub rtt_ms: f64,
    /// Bits per second.
    pub throughput_bps: f64,
    pub cpu_slowdown: f64,
    pub max_concurrent_requests: usize,
}

impl Model {
    /// 150 ms round trips, 1.6 Mbit/s, a CPU 4× slower: Lighthouse's default mobile throttling.
    pub fn slow_4g() -> Model {
        Model::new(150.0, 1638.4, 4.0)
    }

    pub fn new(rtt_ms: f64, kbps: f64, cpu_slowdown: f64) -> Model {
        Model { rtt_ms, throughput_bps: kbps * 1024.0, cpu_slowdown, max_concurrent_requests: 10 }
    }

    /// More requests at once than the link can keep a segment per round trip for would only
    /// share it thinner.
    fn concurrency(&self) -> usize {
        let per_request = 1000.0 / self.rtt_ms * TCP_SEGMENT * 8.0;
        ((self.throughput_bps / per_request).floor() as usize).clamp(1, self.max_concurrent_requests)
    }
}

/// The estimates, in milliseconds from the start of the navigation.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub fcp_ms: f64,
    pub lcp_ms: Option<f64>,
    pub speed_index_ms: Option<f64>,
    pub tbt_ms: f64,
    /// The longest main-thread task on the slow CPU.
    pub longest_task_ms: f64,
    pub interactive_ms: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Net(usize),
    Cpu(usize),
}

/// The dependency graph of a load.
#[derive(Debug, Clone)]
pub struct Graph {
    nodes: Vec<Kind>,
    deps: Vec<Vec<usize>>,
    /// Removed (pruned) nodes stay in the vector, unlinked.
    alive: Vec<bool>,
    root: usize,
    main_document: usize,
}

impl Graph {
    /// Builds the graph. `requests[root]` is the first request of the navigation; the document
    /// is where its redirects end.
    pub fn build(requests: &[Request], tasks: &[Task], root: usize) -> Graph {
        let n_net = requests.len();
        let mut nodes: Vec<Kind> = (0..n_net).map(Kind::Net).collect();
        nodes.extend((0..tasks.len()).map(Kind::Cpu));
        let mut g = Graph { nodes, deps: vec![Vec::new(); n_net + tasks.len()], alive: vec![true; n_net + tasks.len()], root, main_document: root };
        let by_id: HashMap<&str, usize> = requests.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let mut by_url: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in requests.iter().enumerate() {
            by_url.entry(r.url.as_str()).or_default().push(i);
        }
        // The document is the last hop of the root's redirects.
        let mut doc = root;
        while let Some(next) = requests.iter().position(|r| r.redirected_from.as_deref() == Some(requests[doc].id.as_str())) {
            doc = next;
        }
        g.main_document = doc;

        // Requests: on the one request that started them, else on the root.
        for (i, r) in requests.iter().enumerate() {
            if i == root {
                continue;
            }
            if let Some(prev) = r.redirected_from.as_deref().and_then(|p| by_id.get(p)) {
                g.add_dep(i, *prev);
                continue;
            }
            let mut linked = false;
            for url in &r.initiator_urls {
                match by_url.get(url.as_str()).map(Vec::as_slice) {
                    Some([p]) if *p != i && requests[*p].start_ms <= r.start_ms && !g.depends_on(*p, i) => {
                        g.add_dep(i, *p);
                        linked = true;
                    }
                    _ => {}
                }
            }
            if !linked && i != doc {
                g.add_dep(i, root);
            }
        }

        // Tasks: on what they handled, their timers, and the requests they sent.
        let linkable = ["Script", "XHR", "Fetch"];
        let mut timers: HashMap<&str, usize> = HashMap::new();
        for (t, task) in tasks.iter().enumerate() {
            let node = n_net + t;
            let depend_on_url = |g: &mut Graph, url: &str| {
                // The request of this URL that ended closest before the task (or up to 100 ms
                // after it started: a script may start to run before its last bytes are counted).
                let mut best: Option<(f64, usize)> = None;
                for &c in by_url.get(url).map(Vec::as_slice).unwrap_or(&[]) {
                    if requests[c].start_ms >= task.start_ms {
                        return;
                    }
                    let distance = task.start_ms - requests[c].end_ms;
                    if distance >= -100.0 && best.is_none_or(|(d, _)| distance < d) {
                        best = Some((distance, c));
                    }
                }
                if let Some((_, c)) = best {
                    g.add_dep(node, c);
                }
            };
            for url in task.evaluated.iter().chain(&task.urls) {
                depend_on_url(&mut g, url);
            }
            for id in &task.timers_fired {
                if let Some(&installer) = timers.get(id.as_str()) {
                    let it = &tasks[installer - n_net];
                    if it.start_ms + it.duration_ms <= task.start_ms {
                        g.add_dep(node, installer);
                    }
                }
            }
            for id in &task.timers_installed {
                timers.insert(id.as_str(), node);
            }
            for id in &task.sent {
                if let Some(&r) = by_id.get(id.as_str()) {
                    let req = &requests[r];
                    if req.start_ms > task.start_ms && linkable.contains(&req.resource_type.as_str()) && !g.depends_on(node, r) {
                        g.add_dep(r, node);
                    }
                }
            }
            if g.deps[node].is_empty() && task.start_ms >= requests[root].start_ms {
                g.add_dep(node, root);
            }
        }

        // Short tasks that are only a link in a chain are folded away; the first parse, layout
        // and paint always stay, since the first paint needs them.
        let (mut layout, mut paint, mut parse) = (false, false, false);
        for (t, task) in tasks.iter().enumerate() {
            let mut first = false;
            if task.layout && !layout {
                layout = true;
                first = true;
            }
            if task.paint && !paint {
                paint = true;
                first = true;
            }
            if task.parse_html && !parse {
                parse = true;
                first = true;
            }
            if first || task.duration_ms >= SIGNIFICANT_TASK_MS {
                continue;
            }
            let node = n_net + t;
            let dependents = g.dependents(node);
            if g.deps[node].len() == 1 || dependents.len() <= 1 {
                let deps = std::mem::take(&mut g.deps[node]);
                for d in &dependents {
                    g.deps[*d].retain(|x| *x != node);
                    for p in &deps {
                        g.add_dep(*d, *p);
                    }
                }
                g.alive[node] = false;
            }
        }
        g
    }

    fn add_dep(&mut self, node: usize, on: usize) {
        if node != on && !self.deps[node].contains(&on) {
            self.deps[node].push(on);
        }
    }

    fn dependents(&self, node: usize) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.alive[i] && self.deps[i].contains(&node)).collect()
    }

    /// Whether `node` (transitively) depends on `on`.
    fn depends_on(&self, node: usize, on: usize) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n == on {
                return true;
            }
            if seen.insert(n) {
                stack.extend(self.deps[n].iter().copied());
            }
        }
        false
    }

    /// The nodes `keep` selects and everything they depend on.
    fn subgraph(&self, keep: impl Fn(usize) -> bool) -> Vec<bool> {
        let mut kept = vec![false; self.nodes.len()];
        let mut stack: Vec<usize> = (0..self.nodes.len()).filter(|&i| self.alive[i] && keep(i)).collect();
        stack.push(self.root);
        while let Some(n) = stack.pop() {
            if !kept[n] {
                kept[n] = true;
                stack.extend(self.deps[n].iter().copied());
            }
        }
        kept
    }

    /// Every node in use.
    fn whole(&self) -> Vec<bool> {
        self.alive.clone()
    }
}

/// One TCP connection of the model.
#[derive(Debug, Clone)]
struct Connection {
    rtt: f64,
    throughput: f64,
    server_ms: f64,
    secure: bool,
    h2: bool,
    cwnd: f64,
    warmed: bool,
}

/// What a connection does for a transfer of some bytes within some time.
struct Download {
    time: f64,
    bytes: f64,
    cwnd: f64,
}

impl Connection {
    fn max_cwnd(&self) -> f64 {
        let bytes_per_rtt = self.throughput / 8.0 * self.rtt / 1000.0;
        (bytes_per_rtt / TCP_SEGMENT).floor()
    }

    /// Downloads `bytes`, `elapsed` ms into the request, for at most `budget` ms: the handshakes
    /// and the server's time first (a new connection), then a congestion window per round trip,
    /// doubling up to what the link carries.
    fn download(&self, bytes: f64, elapsed: f64, budget: f64, dns_ms: f64) -> Download {
        let one_way = self.rtt / 2.0;
        let max_cwnd = self.max_cwnd();
        let handshake = if self.warmed { one_way } else { dns_ms + 3.0 * one_way + if self.secure { self.rtt } else { 0.0 } };
        let mut ttfb = handshake + self.server_ms + one_way;
        if self.warmed && self.h2 {
            ttfb = 0.0;
        }
        let ttfb_left = (ttfb - elapsed).max(0.0);
        let budget = budget - ttfb_left;
        let mut cwnd = self.cwnd.min(max_cwnd);
        let mut downloaded = if ttfb_left > 0.0 { cwnd * TCP_SEGMENT } else { 0.0 };
        let mut time = 0.0;
        let mut left = bytes - downloaded;
        while left > 0.0 && time <= budget {
            time += self.rtt;
            cwnd = (cwnd * 2.0).min(max_cwnd).max(1.0);
            downloaded += cwnd * TCP_SEGMENT;
            left -= cwnd * TCP_SEGMENT;
        }
        Download { time: ttfb_left + time, bytes: downloaded.min(bytes).max(0.0), cwnd }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Waiting,
    Ready,
    Running,
    Done,
}

#[derive(Debug, Clone, Copy, Default)]
struct Timing {
    start: f64,
    end: f64,
    elapsed: f64,
    overshoot: f64,
    bytes: f64,
    estimate: f64,
}

/// Simulated start and end of each node (NaN where the node was not in the graph).
#[derive(Debug, Clone)]
struct Run {
    start: Vec<f64>,
    end: Vec<f64>,
    total: f64,
}

struct Simulator<'a> {
    g: &'a Graph,
    requests: &'a [Request],
    tasks: &'a [Task],
    model: Model,
    server_ms: &'a HashMap<String, f64>,
}

impl Simulator<'_> {
    fn task_ms(&self, t: usize) -> f64 {
        let task = &self.tasks[t];
        let factor = if task.layout { self.model.cpu_slowdown * 0.5 } else { self.model.cpu_slowdown };
        (task.duration_ms * factor).round().min(MAX_TASK_MS)
    }

    /// Replays the nodes of `include` on the model. A request takes the free connection of its
    /// origin with the widest congestion window, warm or not.
    fn run(&self, include: &[bool]) -> Run {
        let g = self.g;
        let n = g.nodes.len();
        // Connections per origin: one per request that opened one, at least six for HTTP/1.
        let mut pools: HashMap<&str, Vec<Connection>> = HashMap::new();
        let opens = opens_connection(self.requests, &include[..self.requests.len()]);
        for (i, r) in self.requests.iter().enumerate() {
            if !include[i] || r.connectionless {
                continue;
            }
            let pool = pools.entry(r.origin.as_str()).or_default();
            if opens[i] || pool.is_empty() {
                let server_ms = self.server_ms.get(&r.origin).copied().unwrap_or(DEFAULT_SERVER_MS);
                pool.push(Connection {
                    rtt: self.model.rtt_ms,
                    throughput: self.model.throughput_bps,
                    server_ms,
                    secure: r.secure,
                    h2: r.h2,
                    cwnd: INITIAL_CWND,
                    warmed: false,
                });
            }
        }
        for pool in pools.values_mut() {
            let min = if pool[0].h2 { 1 } else { CONNECTIONS_PER_ORIGIN };
            while pool.len() < min {
                let c = pool[0].clone();
                pool.push(c);
            }
        }
        let mut in_use: HashMap<usize, (String, usize)> = HashMap::new();
        let mut busy: HashSet<(String, usize)> = HashSet::new();
        let mut dns: HashMap<&str, f64> = HashMap::new();

        let mut state = vec![State::Waiting; n];
        let mut timing = vec![Timing::default(); n];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            if include[i] {
                for &d in &g.deps[i] {
                    if include[d] {
                        dependents[d].push(i);
                    }
                }
            }
        }
        state[g.root] = State::Ready;
        let rank = |i: usize| match g.nodes[i] {
            Kind::Net(r) => self.requests[r].start_ms + self.requests[r].start_penalty_ms(),
            Kind::Cpu(t) => self.tasks[t].start_ms,
        };
        let mut now = 0.0;
        let mut guard = 0;
        loop {
            guard += 1;
            let mut ready: Vec<usize> = (0..n).filter(|&i| include[i] && state[i] == State::Ready).collect();
            let running_any = (0..n).any(|i| state[i] == State::Running);
            if ready.is_empty() && !running_any {
                break;
            }
            ready.sort_by(|a, b| rank(*a).total_cmp(&rank(*b)));
            for i in ready {
                let running = |kind_cpu: bool| (0..n).filter(|&j| state[j] == State::Running && matches!(g.nodes[j], Kind::Cpu(_)) == kind_cpu).count();
                match g.nodes[i] {
                    Kind::Cpu(_) => {
                        if running(true) > 0 {
                            continue;
                        }
                    }
                    Kind::Net(r) => {
                        let req = &self.requests[r];
                        if !req.connectionless {
                            if running(false) >= self.model.concurrency() {
                                continue;
                            }
                            let Some(pool) = pools.get(req.origin.as_str()) else { continue };
                            let mut best: Option<usize> = None;
                            for (k, c) in pool.iter().enumerate() {
                                if busy.contains(&(req.origin.clone(), k)) {
                                    continue;
                                }
                                if best.is_none_or(|b| c.cwnd > pool[b].cwnd) {
                                    best = Some(k);
                                }
                            }
                            let Some(k) = best else { continue };
                            busy.insert((req.origin.clone(), k));
                            in_use.insert(i, (req.origin.clone(), k));
                        }
                    }
                }
                state[i] = State::Running;
                timing[i] = Timing { start: now, ..Timing::default() };
            }
            let running: Vec<usize> = (0..n).filter(|&i| state[i] == State::Running).collect();
            if running.is_empty() || guard > 100_000 {
                break;
            }
            // The link is shared by the requests in flight.
            let in_flight = running.iter().filter(|&&i| matches!(g.nodes[i], Kind::Net(r) if !self.requests[r].connectionless)).count().max(1);
            for (origin, k) in in_use.values() {
                if let Some(c) = pools.get_mut(origin.as_str()).and_then(|p| p.get_mut(*k)) {
                    c.throughput = self.model.throughput_bps / in_flight as f64;
                }
            }
            // The next node to finish.
            let mut step = f64::INFINITY;
            for &i in &running {
                let left = match g.nodes[i] {
                    Kind::Cpu(t) => self.task_ms(t) - timing[i].elapsed,
                    Kind::Net(r) => {
                        let req = &self.requests[r];
                        if req.connectionless {
                            (2.0 + 10.0 * req.transfer_bytes / 1_048_576.0) - timing[i].elapsed
                        } else {
                            let (origin, k) = &in_use[&i];
                            let c = &pools[origin.as_str()][*k];
                            let dns_ms = dns_time(&mut dns, &req.host, timing[i].start, self.model.rtt_ms);
                            c.download(req.transfer_bytes - timing[i].bytes, timing[i].elapsed, f64::INFINITY, dns_ms).time
                        }
                    }
                };
                let estimate = left + timing[i].overshoot;
                timing[i].estimate = estimate;
                step = step.min(estimate);
            }
            if !step.is_finite() || guard > 100_000 {
                break;
            }
            now += step;
            for &i in &running {
                let finished = timing[i].estimate == step;
                match g.nodes[i] {
                    Kind::Net(r) if !self.requests[r].connectionless => {
                        let req = &self.requests[r];
                        let (origin, k) = in_use[&i].clone();
                        let dns_ms = dns_time(&mut dns, &req.host, timing[i].start, self.model.rtt_ms);
                        let c = &mut pools.get_mut(origin.as_str()).expect("pool")[k];
                        let d = c.download(req.transfer_bytes - timing[i].bytes, timing[i].elapsed, step - timing[i].overshoot, dns_ms);
                        c.cwnd = d.cwnd;
                        if finished {
                            c.warmed = true;
                            busy.remove(&(origin, k));
                            in_use.remove(&i);
                        } else {
                            timing[i].elapsed += d.time;
                            timing[i].overshoot += d.time - step;
                            timing[i].bytes += d.bytes;
                        }
                    }
                    _ => {
                        if !finished {
                            timing[i].elapsed += step;
                        }
                    }
                }
                if finished {
                    state[i] = State::Done;
                    timing[i].end = now;
                    for &d in &dependents[i] {
                        if state[d] == State::Waiting && g.deps[d].iter().all(|&p| !include[p] || state[p] == State::Done) {
                            state[d] = State::Ready;
                        }
                    }
                }
            }
        }
        let start = (0..n).map(|i| if state[i] == State::Done { timing[i].start } else { f64::NAN }).collect();
        let end = (0..n).map(|i| if state[i] == State::Done { timing[i].end } else { f64::NAN }).collect();
        Run { start, end, total: now }
    }
}

/// The time until a host's name is resolved: two round trips, less when an earlier lookup of the
/// same host is under way or done.
fn dns_time<'a>(cache: &mut HashMap<&'a str, f64>, host: &'a str, at: f64, rtt: f64) -> f64 {
    let full = rtt * DNS_RTTS;
    let t = match cache.get(host) {
        Some(&resolved) => (resolved - at).max(0.0).min(full),
        None => full,
    };
    let resolved = at + t;
    let e = cache.entry(host).or_insert(resolved);
    if resolved < *e {
        *e = resolved;
    }
    t
}

/// The server's response time per origin: the median of each request's time to first byte less
/// the round trip that carried it (on loopback, the round trip is nil); of an even count, the
/// lower middle, so that one slow answer out of two does not stand for the server.
pub fn server_response_times(requests: &[Request]) -> HashMap<String, f64> {
    let mut by_origin: HashMap<&str, Vec<f64>> = HashMap::new();
    for r in requests.iter().filter(|r| !r.connectionless) {
        if let Some(t) = r.ttfb_ms.filter(|t| t.is_finite() && *t >= 0.0) {
            by_origin.entry(r.origin.as_str()).or_default().push(t);
        }
    }
    by_origin
        .into_iter()
        .map(|(o, mut v)| {
            v.sort_by(|a, b| a.total_cmp(b));
            (o.to_string(), v[(v.len() - 1) / 2])
        })
        .collect()
}

/// Total Blocking Time of simulated tasks between `from` and `to`.
fn blocking(run: &Run, g: &Graph, from: f64, to: f64) -> f64 {
    if to <= from {
        return 0.0;
    }
    let mut sum = 0.0;
    for (i, k) in g.nodes.iter().enumerate() {
        if !matches!(k, Kind::Cpu(_)) || run.end[i].is_nan() {
            continue;
        }
        let (s, e) = (run.start[i], run.end[i]);
        if e - s < BLOCKING_MS || e < from || s > to {
            continue;
        }
        let clipped = e.min(to) - s.max(from);
        if clipped >= BLOCKING_MS {
            sum += clipped - BLOCKING_MS;
        }
    }
    sum
}

/// The end of the last simulated task over 50 ms (0 when none).
fn last_long_task_end(run: &Run, g: &Graph) -> f64 {
    g.nodes
        .iter()
        .enumerate()
        .filter(|(i, k)| matches!(k, Kind::Cpu(_)) && !run.end[*i].is_nan() && run.end[*i] - run.start[*i] > BLOCKING_MS)
        .map(|(i, _)| run.end[i])
        .fold(0.0, f64::max)
}

/// Estimates the metrics of the throttled load from the observed one. `root` is the index of the
/// navigation's first request. `None` when the load has no request to start from.
pub fn estimate(requests: &[Request], tasks: &[Task], root: usize, paints: Paints, model: Model) -> Option<Estimate> {
    if root >= requests.len() {
        return None;
    }
    let g = Graph::build(requests, tasks, root);
    let server_ms = server_response_times(requests);
    let sim = Simulator { g: &g, requests, tasks, model, server_ms: &server_ms };
    let n_net = requests.len();
    let is_doc = |i: usize| i == g.main_document;

    // The tasks and requests that could have held a paint at `cutoff`.
    let paint_graph = |cutoff: f64, treat: &dyn Fn(&Request) -> bool, all_layouts: bool| -> Vec<bool> {
        let started: Vec<usize> = (0..tasks.len()).filter(|&t| g.alive[n_net + t] && tasks[t].start_ms <= cutoff).collect();
        // The first task that evaluated each script.
        let mut first_eval: HashMap<&str, usize> = HashMap::new();
        for (t, task) in tasks.iter().enumerate() {
            if !g.alive[n_net + t] {
                continue;
            }
            for url in &task.evaluated {
                let e = first_eval.entry(url.as_str()).or_insert(t);
                if tasks[t].start_ms < tasks[*e].start_ms {
                    *e = t;
                }
            }
        }
        let mut blocking_tasks: HashSet<usize> = HashSet::new();
        let mut not_blocking: HashSet<&str> = HashSet::new();
        for r in requests.iter().filter(|r| r.resource_type == "Script" && r.end_ms <= cutoff && treat(r)) {
            if let Some(&t) = first_eval.get(r.url.as_str()) {
                if started.contains(&t) {
                    blocking_tasks.insert(t);
                } else {
                    not_blocking.insert(r.url.as_str());
                }
            }
        }
        for pick in [|t: &Task| t.layout, |t: &Task| t.paint, |t: &Task| t.parse_html] {
            if let Some(&t) = started.iter().find(|&&t| pick(&tasks[t])) {
                blocking_tasks.insert(t);
            }
        }
        if all_layouts {
            blocking_tasks.extend(started.iter().copied().filter(|&t| tasks[t].layout));
        }
        g.subgraph(|i| match g.nodes[i] {
            Kind::Net(r) => {
                let req = &requests[r];
                let after = req.end_ms > cutoff || req.start_ms > cutoff;
                if after && !is_doc(i) {
                    return false;
                }
                !not_blocking.contains(req.url.as_str()) && treat(req)
            }
            Kind::Cpu(t) => blocking_tasks.contains(&t),
        })
    };
    let blend = |a: f64, b: f64| 0.5 * a + 0.5 * b;

    // First Contentful Paint.
    let fcp_opt_graph = paint_graph(paints.fcp_ms, &|r| r.render_blocking_priority() && r.initiator_type != "script", false);
    let fcp_pess_graph = paint_graph(paints.fcp_ms, &|r| r.render_blocking_priority(), true);
    let fcp_opt = sim.run(&fcp_opt_graph).total;
    let fcp_pess = sim.run(&fcp_pess_graph).total;
    let fcp = blend(fcp_opt, fcp_pess);

    // Largest Contentful Paint: the last node that is not a low-priority image.
    let lcp_sides = paints.lcp_ms.map(|cutoff| {
        let last = |run: &Run| {
            (0..g.nodes.len())
                .filter(|&i| !run.end[i].is_nan() && !matches!(g.nodes[i], Kind::Net(r) if requests[r].low_priority_image()))
                .map(|i| run.end[i])
                .fold(0.0, f64::max)
        };
        let opt = last(&sim.run(&paint_graph(cutoff, &|r| !r.low_priority_image(), false)));
        let pess = last(&sim.run(&paint_graph(cutoff, &|_| true, true)));
        (opt, pess)
    });
    let lcp = lcp_sides.map(|(opt, pess)| blend(opt, pess).max(fcp));

    // The whole load.
    let whole = g.whole();
    let full = sim.run(&whole);

    // Time to interactive: after the last long task, on a graph of the long tasks and the
    // important requests (optimistic) or of everything (pessimistic), and never before the
    // largest paint of the same side (the first paint where there is none).
    let tti_graph = g.subgraph(|i| match g.nodes[i] {
        Kind::Cpu(t) => tasks[t].duration_ms > 2.0 * SIGNIFICANT_TASK_MS,
        Kind::Net(r) => {
            let req = &requests[r];
            req.resource_type != "Image" && (req.resource_type == "Script" || req.priority == "High" || req.priority == "VeryHigh")
        }
    });
    let tti_opt_run = sim.run(&tti_graph);
    let (floor_opt, floor_pess) = lcp_sides.unwrap_or((fcp_opt, fcp_pess));
    let tti_opt = last_long_task_end(&tti_opt_run, &g).max(floor_opt);
    let tti_pess = last_long_task_end(&full, &g).max(floor_pess);
    let interactive = (0.45 * tti_opt + 0.55 * tti_pess).max(lcp.unwrap_or(fcp));

    // Total Blocking Time between the first paint and interactivity: the optimistic estimate
    // from the later paint to the earlier interactivity, the pessimistic the other way round.
    let tbt = blend(blocking(&full, &g, fcp_pess, tti_opt), blocking(&full, &g, fcp_opt, tti_pess));

    // Speed Index: the observed progress stretched (optimistic) blended with one weighted by the
    // simulated layouts (pessimistic), never before the first paint.
    let si = paints.speed_index_ms.map(|observed| {
        let (mut weighted, mut weights) = (0.0, 0.0);
        for (i, k) in g.nodes.iter().enumerate() {
            if let Kind::Cpu(t) = k {
                if tasks[*t].layout && !full.end[i].is_nan() {
                    let w = (full.end[i] - full.start[i]).log2().max(0.0);
                    weighted += w * full.end[i].max(fcp_pess);
                    weights += w;
                }
            }
        }
        let layout_si = if weights > 0.0 { weighted / weights } else { fcp_pess };
        let (opt_w, pess_w) = si_coefficients(model.rtt_ms);
        (opt_w * observed + pess_w * layout_si).max(fcp)
    });

    let longest = (0..tasks.len()).map(|t| sim.task_ms(t)).fold(0.0, f64::max);
    Some(Estimate { fcp_ms: fcp, lcp_ms: lcp, speed_index_ms: si, tbt_ms: tbt, longest_task_ms: longest, interactive_ms: interactive })
}

/// Weights of the observed and the layout-based Speed Index: even on a fast link (30 ms), moving
/// linearly to 1.4 and 0.4 at 150 ms, where they were fitted against real loads.
fn si_coefficients(rtt_ms: f64) -> (f64, f64) {
    let k = ((rtt_ms - 30.0) / 120.0).max(0.0);
    (0.5 + 0.9 * k, 0.5 - 0.1 * k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: &str, url: &str, kind: &str, priority: &str, start: f64, end: f64, bytes: f64) -> Request {
        Request {
            id: id.into(),
            url: url.into(),
            origin: "http://a.test".into(),
            host: "a.test".into(),
            resource_type: kind.into(),
            priority: priority.into(),
            initiator_type: "parser".into(),
            initiator_urls: vec!["http://a.test/".into()],
            start_ms: start,
            end_ms: end,
            transfer_bytes: bytes,
            ttfb_ms: Some(10.0),
            ..Request::default()
        }
    }

    fn doc(bytes: f64) -> Request {
        let mut r = req("1", "http://a.test/", "Document", "VeryHigh", 0.0, 20.0, bytes);
        r.initiator_urls.clear();
        r.initiator_type = "other".into();
        r
    }

    fn task(start: f64, dur: f64) -> Task {
        Task { start_ms: start, duration_ms: dur, ..Task::default() }
    }

    /// The parse, the first layout and the first paint of a document.
    fn first_paint_tasks() -> Vec<Task> {
        vec![
            Task { parse_html: true, urls: vec!["http://a.test/".into()], ..task(25.0, 10.0) },
            Task { layout: true, paint: true, ..task(40.0, 10.0) },
        ]
    }

    const PAINT: Paints = Paints { fcp_ms: 50.0, lcp_ms: Some(50.0), speed_index_ms: Some(60.0) };

    #[test]
    fn a_new_connection_pays_dns_handshake_and_one_round_trip() {
        let c = Connection { rtt: 150.0, throughput: 1638.4 * 1024.0, server_ms: 10.0, secure: false, h2: false, cwnd: 10.0, warmed: false };
        // 300 ms DNS, 3 × 75 ms handshake and request, 10 ms server, 75 ms back: the first
        // window (14,600 bytes) arrives with the first byte.
        assert_eq!(c.download(10_000.0, 0.0, f64::INFINITY, 300.0).time, 610.0);
        // TLS costs one more round trip.
        let tls = Connection { secure: true, ..c.clone() };
        assert_eq!(tls.download(10_000.0, 0.0, f64::INFINITY, 300.0).time, 760.0);
        // Slow start: 58 kB need the first window and two more round trips (20, then 21
        // segments, the most 1.6 Mbit/s carries in 150 ms).
        assert_eq!(c.max_cwnd(), 21.0);
        let d = c.download(58_000.0, 0.0, f64::INFINITY, 0.0);
        assert_eq!(d.time, 310.0 + 300.0);
        // A warm connection skips the handshakes and keeps its window.
        let warm = Connection { warmed: true, cwnd: 21.0, ..c };
        assert_eq!(warm.download(20_000.0, 0.0, f64::INFINITY, 0.0).time, 75.0 + 10.0 + 75.0);
    }

    #[test]
    fn dns_is_resolved_once_per_host() {
        let mut cache = HashMap::new();
        assert_eq!(dns_time(&mut cache, "a.test", 0.0, 150.0), 300.0);
        assert_eq!(dns_time(&mut cache, "a.test", 100.0, 150.0), 200.0);
        assert_eq!(dns_time(&mut cache, "a.test", 500.0, 150.0), 0.0);
        assert_eq!(dns_time(&mut cache, "b.test", 500.0, 150.0), 300.0);
    }

    #[test]
    fn a_text_page_paints_after_its_document_and_first_tasks() {
        let requests = vec![doc(1_000.0)];
        let e = estimate(&requests, &first_paint_tasks(), 0, PAINT, Model::slow_4g()).unwrap();
        // Document: 300 DNS + 225 handshake + 10 server + 75 = 610; parse 10 × 4 = 40; layout
        // and paint 10 × 2 = 20.
        assert_eq!(e.fcp_ms, 670.0);
        assert_eq!(e.lcp_ms, Some(670.0));
        assert_eq!(e.tbt_ms, 0.0);
        assert_eq!(e.longest_task_ms, 40.0);
        // Speed Index: 1.4 × the observed 60 ms, 0.4 × the end of the only layout (670): 352, but
        // never before the first paint.
        assert_eq!(e.speed_index_ms, Some(670.0));
    }

    #[test]
    fn a_render_blocking_style_sheet_holds_the_first_paint_and_an_image_does_not() {
        let requests = vec![
            doc(1_000.0),
            req("2", "http://a.test/style.css", "Stylesheet", "VeryHigh", 21.0, 30.0, 100_000.0),
            req("3", "http://a.test/photo.jpg", "Image", "Low", 21.0, 35.0, 200_000.0),
        ];
        let mut tasks = first_paint_tasks();
        tasks[1].urls.push("http://a.test/style.css".into());
        let e = estimate(&requests, &tasks, 0, PAINT, Model::slow_4g()).unwrap();
        let alone = estimate(&requests[..1], &first_paint_tasks(), 0, PAINT, Model::slow_4g()).unwrap();
        // After the document (610 ms), 100 kB on the document's connection, now warm: 160 ms
        // to the first byte and the first window, then windows of 20, 21 and 21 segments
        // (450 ms); then the layout and paint (20 ms).
        assert_eq!(alone.fcp_ms, 670.0);
        assert_eq!(e.fcp_ms, 610.0 + 160.0 + 450.0 + 20.0);
        // The low-priority image is left out of the paint, with or without it.
        let without_image = estimate(&requests[..2], &tasks, 0, PAINT, Model::slow_4g()).unwrap();
        assert_eq!(e.fcp_ms, without_image.fcp_ms);
    }

    #[test]
    fn long_tasks_are_stretched_by_the_cpu_factor_and_block_after_the_first_paint() {
        let requests = vec![doc(1_000.0)];
        let mut tasks = first_paint_tasks();
        // A timer set by the parse fires a 700 ms task after the first paint.
        tasks[0].timers_installed.push("7".into());
        tasks.push(Task { timers_fired: vec!["7".into()], ..task(300.0, 700.0) });
        let e = estimate(&requests, &tasks, 0, PAINT, Model::slow_4g()).unwrap();
        assert_eq!(e.longest_task_ms, 2800.0);
        // The task runs whole after the first paint (670 to 3470 ms): 2750 ms over 50 ms. The
        // optimistic interactivity leaves the short layout task out, ends the task 20 ms sooner
        // (3450 ms) and cuts it there: 2730 ms. The blend is 2740 ms.
        assert_eq!(e.fcp_ms, 670.0);
        assert_eq!(e.tbt_ms, 2740.0);
        assert_eq!(e.interactive_ms, 0.45 * 3450.0 + 0.55 * 3470.0);
        // Without throttling of the CPU it blocks about 650 ms.
        let fast = estimate(&requests, &tasks, 0, PAINT, Model::new(150.0, 1638.4, 1.0)).unwrap();
        assert!((640.0..=650.0).contains(&fast.tbt_ms), "{fast:?}");
    }

    #[test]
    fn a_task_that_ends_before_the_first_paint_does_not_block() {
        let requests = vec![doc(1_000.0)];
        let mut tasks = first_paint_tasks();
        tasks[0].duration_ms = 200.0;
        let e = estimate(&requests, &tasks, 0, PAINT, Model::slow_4g()).unwrap();
        assert_eq!(e.longest_task_ms, 800.0);
        assert_eq!(e.tbt_ms, 0.0);
    }

    #[test]
    fn requests_share_the_link_and_queue_for_connections() {
        // Eight images of 100 kB requested at once by the document, each on its own connection
        // as observed: they share 1.6 Mbit/s, so the last one ends no sooner than the 800 kB
        // take to cross it.
        let mut requests = vec![doc(1_000.0)];
        for i in 0..8 {
            requests.push(req(&format!("i{i}"), &format!("http://a.test/{i}.jpg"), "Image", "High", 21.0, 40.0, 100_000.0));
        }
        let paints = Paints { fcp_ms: 50.0, lcp_ms: Some(45.0), speed_index_ms: Some(60.0) };
        let e = estimate(&requests, &first_paint_tasks(), 0, paints, Model::slow_4g()).unwrap();
        let wire_ms = 800_000.0 * 8.0 / (1638.4 * 1024.0) * 1000.0;
        assert!(e.lcp_ms.unwrap() > 610.0 + wire_ms, "{e:?}");
        // Each connection's window is held to its share of the link (2 segments per round
        // trip), which costs more than the bare transfer, but not without bound.
        assert!(e.lcp_ms.unwrap() < 610.0 + wire_ms + 2000.0, "{e:?}");
    }

    #[test]
    fn short_tasks_in_a_chain_are_folded_and_cycles_are_refused() {
        let requests = vec![doc(1_000.0), req("2", "http://a.test/app.js", "Script", "High", 21.0, 30.0, 5_000.0)];
        let mut tasks = first_paint_tasks();
        tasks.push(Task { evaluated: vec!["http://a.test/app.js".into()], ..task(31.0, 2.0) });
        tasks.push(Task { timers_fired: vec![], ..task(60.0, 30.0) });
        let g = Graph::build(&requests, &tasks, 0);
        // The 2 ms evaluation has one dependency: folded away.
        assert!(!g.alive[2 + 2]);
        assert!(g.alive[2] && g.alive[3], "the first parse and the first layout stay");
        // A request whose initiator is itself does not depend on itself.
        let mut looped = requests.clone();
        looped[1].initiator_urls = vec!["http://a.test/app.js".into()];
        let g = Graph::build(&looped, &tasks, 0);
        assert_eq!(g.deps[1], vec![0]);
    }

    /// Runs the whole graph of a load and gives each node's simulated start.
    fn starts(requests: &[Request], tasks: &[Task]) -> Vec<f64> {
        let g = Graph::build(requests, tasks, 0);
        let server_ms = server_response_times(requests);
        let sim = Simulator { g: &g, requests, tasks, model: Model::slow_4g(), server_ms: &server_ms };
        sim.run(&g.whole()).start
    }

    #[test]
    fn connections_are_judged_opened_from_timing_not_from_the_browsers_flag() {
        let mut requests = vec![doc(1_000.0)];
        // Sent while the document was still in flight: a connection of its own.
        requests.push(req("2", "http://a.test/early.css", "Stylesheet", "VeryHigh", 10.0, 40.0, 1.0));
        // Sent after the document ended: it could reuse the document's.
        requests.push(req("3", "http://a.test/late.js", "Script", "High", 21.0, 40.0, 1.0));
        // The first request of another origin opens one; the next, while it is in flight, too.
        let mut cdn = req("4", "http://cdn.test/a.png", "Image", "Low", 30.0, 60.0, 1.0);
        cdn.origin = "http://cdn.test".into();
        let mut cdn2 = Request { id: "5".into(), start_ms: 31.0, ..cdn.clone() };
        requests.push(cdn.clone());
        requests.push(cdn2.clone());
        // Over HTTP/2 every later request shares the first one's connection.
        cdn.h2 = true;
        cdn2.h2 = true;
        let all = vec![true; 5];
        assert_eq!(opens_connection(&requests, &all), vec![true, true, false, true, true]);
        requests[3] = cdn;
        requests[4] = cdn2;
        assert_eq!(opens_connection(&requests, &all), vec![true, true, false, true, false]);
        // Judged on the requests simulated: without the document, the style sheet is the first,
        // and the script was sent while it was in flight, so it opens one too.
        assert_eq!(opens_connection(&requests, &[false, true, true, true, true]), vec![false, true, true, true, false]);
    }

    #[test]
    fn an_http1_origin_has_six_connections_at_least_and_priority_ranks_the_ready_requests() {
        // After the document, seven images (Medium) and, 4 ms later, a script (High), all sent
        // after the document ended: one connection was opened, so the origin gets six.
        let mut requests = vec![doc(1_000.0)];
        for i in 0..7 {
            requests.push(req(&format!("i{i}"), &format!("http://a.test/{i}.jpg"), "Image", "Medium", 21.0, 40.0, 20_000.0));
        }
        requests.push(req("s", "http://a.test/app.js", "Script", "High", 25.0, 40.0, 20_000.0));
        let start = starts(&requests, &first_paint_tasks());
        let doc_end = 610.0;
        // The script, ranked 250 ms later for its priority, goes before the images, ranked 500 ms
        // later for theirs, though it was sent after them.
        assert_eq!(start[8], doc_end);
        // Five images take the other connections; the last two wait for a free one.
        assert_eq!(start[1..8].iter().filter(|&&t| t == doc_end).count(), 5);
        assert!(start[6] > doc_end && start[7] > doc_end, "{start:?}");
    }

    #[test]
    fn interactivity_is_never_before_the_largest_paint() {
        // A text paint, then a large image that is the largest paint, and no long task: the page
        // is interactive when the image is painted, not at the first paint.
        let requests = vec![doc(1_000.0), req("2", "http://a.test/hero.jpg", "Image", "High", 21.0, 2_000.0, 58_000.0)];
        let paints = Paints { fcp_ms: 50.0, lcp_ms: Some(2_010.0), speed_index_ms: Some(60.0) };
        let e = estimate(&requests, &first_paint_tasks(), 0, paints, Model::slow_4g()).unwrap();
        assert_eq!(e.fcp_ms, 670.0);
        // The image on the document's warm connection: 160 ms, then two more windows (300 ms).
        assert_eq!(e.lcp_ms, Some(610.0 + 160.0 + 300.0));
        assert_eq!(e.interactive_ms, e.lcp_ms.unwrap());
    }

    #[test]
    fn the_server_time_is_the_median_per_origin() {
        let mut a = doc(1.0);
        a.ttfb_ms = Some(5.0);
        let mut b = req("2", "http://a.test/x.png", "Image", "Low", 1.0, 2.0, 1.0);
        b.ttfb_ms = Some(2000.0);
        let mut c = req("3", "http://a.test/y.png", "Image", "Low", 1.0, 2.0, 1.0);
        c.ttfb_ms = Some(7.0);
        assert_eq!(server_response_times(&[a.clone(), b.clone(), c])["http://a.test"], 7.0);
        assert_eq!(server_response_times(&[a, b])["http://a.test"], 5.0);
    }
}
