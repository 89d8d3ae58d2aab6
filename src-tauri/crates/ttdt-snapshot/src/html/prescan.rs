//! How complex a page's markup is, read by one linear scan before the page is parsed.
//!
//! The HTML parser's work grows with the number of elements times the depth of its stack of open
//! elements (a block start tag, for one, looks down the whole stack for an open `<p>`): 40,000
//! nested `<div>`s take about 6 s to parse in a release build, 100,000 over half a minute. Such a
//! page is refused before parsing: [`Complexity::of`] counts the start tags and follows the depth
//! the parser's stack reaches, and stops as soon as a limit is passed.
//!
//! The depth is followed closely enough to be the one the parser builds, not a count of unclosed
//! tags: void elements, comments, doctypes and the text of scripts, styles and other raw-text
//! elements add nothing; end tags close only what is in their scope (a stray `</div>` inside a
//! table cell closes nothing); the end tags HTML lets a page leave out (`<p>`, `<li>`, `<dd>`,
//! table rows and cells, `<option>`) are closed where the parser closes them, so a valid page of
//! 3,000 unclosed paragraphs is not 3,000 deep; and formatting elements a block closed early count
//! until their end tag, as the parser opens them again. On ordinary pages the scan finds exactly
//! the parser's depth; on random tag soup it stays within half of it.

use std::collections::HashMap;

/// The deepest nesting parsed. Ordinary pages nest a few dozen elements deep (25 for a heavy
/// portal homepage); Chromium's own parser stops nesting at 512.
pub const MAX_DEPTH: usize = 1_000;
/// The most elements parsed. A heavy portal homepage has about 20,000; a 5 MB page of ordinary
/// markup about 100,000. A page at both limits parses in under a second in a release build.
pub const MAX_ELEMENTS: usize = 200_000;

/// What the pre-scan found: start tags counted and the deepest nesting reached (the `<html>` and
/// `<body>` elements included), both as far as the scan went: it stops once a limit is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complexity {
    pub elements: usize,
    pub depth: usize,
}

impl Complexity {
    /// Scans the markup, stopping as soon as a limit is passed.
    pub fn of(html: &str) -> Complexity {
        let mut scan = Scan::new();
        scan.run(html.as_bytes());
        Complexity { elements: scan.elements, depth: scan.max_depth }
    }

    /// Too deep or too many elements to parse in bounded time.
    pub fn too_complex(&self) -> bool {
        self.depth > MAX_DEPTH || self.elements > MAX_ELEMENTS
    }

    /// What was over the limit, for the page's error note.
    pub fn describe(&self) -> String {
        if self.depth > MAX_DEPTH {
            format!("markup nested more than {MAX_DEPTH} elements deep; not parsed")
        } else if self.elements > MAX_ELEMENTS {
            format!("more than {MAX_ELEMENTS} elements; not parsed")
        } else {
            format!("{} elements, {} deep", self.elements, self.depth)
        }
    }
}

// Classes of elements, as the tree builder's rules name them (a bit each).
/// "Special" elements: a generic end tag does not close anything below one.
const SPECIAL: u16 = 1;
/// Boundaries of the default scope (tables, cells, captions, templates, objects, `<html>`).
const SCOPE: u16 = 1 << 1;
/// Extra boundaries of the list-item scope.
const LIST: u16 = 1 << 2;
/// Extra boundary of the button scope.
const BUTTON: u16 = 1 << 3;
/// Boundaries of the table scope.
const TABLE_SCOPE: u16 = 1 << 4;
/// Special elements but `<address>`, `<div>` and `<p>`: a new `<li>`, `<dd>` or `<dt>` does not
/// close an item below one.
const ITEM_STOP: u16 = 1 << 5;
/// `<h1>` to `<h6>`.
const HEADING: u16 = 1 << 6;
/// `<svg>` and `<math>`: foreign content, where `/>` closes an element.
const FOREIGN: u16 = 1 << 7;
/// Where foreign content holds HTML again (`<foreignObject>`, `<desc>`, MathML text elements).
const INTEGRATION: u16 = 1 << 8;
const CLASSES: usize = 9;
/// Elements that end the formatting elements opened inside them (cells, captions, objects,
/// templates). Not a scope: no position is kept.
const MARKER: u16 = 1 << 9;

/// A name's key: FNV-1a of its lower-case bytes.
const fn key(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < name.len() {
        h ^= name[i].to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

const A: u64 = key(b"a");
const P: u64 = key(b"p");
const LI: u64 = key(b"li");
const DD: u64 = key(b"dd");
const DT: u64 = key(b"dt");
const FORM: u64 = key(b"form");
const BUTTON_KEY: u64 = key(b"button");
const NOBR: u64 = key(b"nobr");
const SELECT: u64 = key(b"select");
const OPTION: u64 = key(b"option");
const TABLE: u64 = key(b"table");
const TBODY: u64 = key(b"tbody");
const THEAD: u64 = key(b"thead");
const TFOOT: u64 = key(b"tfoot");
const TR: u64 = key(b"tr");
const TEMPLATE: u64 = key(b"template");

fn classes(name: &[u8]) -> u16 {
    match name {
        b"applet" | b"caption" | b"marquee" | b"object" | b"td" | b"th" => SPECIAL | ITEM_STOP | SCOPE | MARKER,
        b"html" => SPECIAL | ITEM_STOP | SCOPE,
        b"table" => SPECIAL | ITEM_STOP | SCOPE | TABLE_SCOPE,
        b"template" => SPECIAL | ITEM_STOP | SCOPE | TABLE_SCOPE | MARKER,
        b"ol" | b"ul" => SPECIAL | ITEM_STOP | LIST,
        b"button" => SPECIAL | ITEM_STOP | BUTTON,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => SPECIAL | ITEM_STOP | HEADING,
        b"address" | b"div" | b"p" => SPECIAL,
        b"article" | b"aside" | b"blockquote" | b"body" | b"center" | b"colgroup" | b"dd" | b"details" | b"dir"
        | b"dl" | b"dt" | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"form" | b"frameset" | b"head" | b"header"
        | b"hgroup" | b"li" | b"listing" | b"main" | b"menu" | b"nav" | b"plaintext" | b"pre" | b"search" | b"section"
        | b"select" | b"summary" | b"tbody" | b"tfoot" | b"thead" | b"tr" => SPECIAL | ITEM_STOP,
        b"svg" | b"math" => FOREIGN,
        b"foreignobject" | b"desc" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" | b"annotation-xml" => SPECIAL | ITEM_STOP | SCOPE | INTEGRATION,
        _ => 0,
    }
}

fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame" | b"hr" | b"image" | b"img" | b"input"
            | b"keygen" | b"link" | b"meta" | b"param" | b"source" | b"track" | b"wbr"
    )
}

/// Elements whose content is text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(name, b"script" | b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" | b"textarea" | b"title")
}

/// Start tags that close an open `<p>` (in button scope).
fn closes_p(name: &[u8]) -> bool {
    matches!(
        name,
        b"address" | b"article" | b"aside" | b"blockquote" | b"center" | b"details" | b"dialog" | b"dir" | b"div" | b"dl"
            | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"menu" | b"nav" | b"ol"
            | b"p" | b"search" | b"section" | b"summary" | b"ul" | b"pre" | b"listing" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5"
            | b"h6" | b"li" | b"dd" | b"dt" | b"hr" | b"xmp" | b"plaintext"
    )
}

/// Elements whose end tag runs the adoption agency (misnested formatting).
fn is_formatting(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small" | b"strike" | b"strong" | b"tt" | b"u"
    )
}

/// HTML start tags that end foreign content.
fn breaks_out_of_foreign(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big" | b"blockquote" | b"body" | b"br" | b"center" | b"code" | b"dd" | b"div" | b"dl" | b"dt" | b"em" | b"embed"
            | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"head" | b"hr" | b"i" | b"img" | b"li" | b"listing" | b"menu"
            | b"meta" | b"nobr" | b"ol" | b"p" | b"pre" | b"ruby" | b"s" | b"small" | b"span" | b"strong" | b"strike" | b"sub"
            | b"sup" | b"table" | b"tt" | b"u" | b"ul" | b"var"
    )
}

struct Frame {
    key: u64,
    classes: u16,
    /// For a formatting element, its tag and attributes, hashed.
    formatting: Option<u64>,
}

/// Formatting elements (`<b>`, `<font>`, `<a>`…) the parser closed without their end tag, when a
/// block around them closed: it opens them again at the next text or inline element, so they
/// still count in the depth. Kept per table cell (and other markers), whose end forgets them; at
/// most three alike, as the parser keeps.
#[derive(Default)]
struct Pending {
    /// By tag and attributes.
    alike: HashMap<u64, u8>,
    /// By tag: the tag-and-attributes hashes, the latest last.
    by_name: HashMap<u64, Vec<u64>>,
    total: usize,
}

/// The stack of open elements, with the positions of each name and each class kept beside it so
/// that every scope question is answered without walking the stack.
struct Scan {
    frames: Vec<Frame>,
    by_name: HashMap<u64, Vec<usize>>,
    by_class: [Vec<usize>; CLASSES],
    /// Formatting elements to be opened again: the document's, then one set per open marker.
    pending: Vec<Pending>,
    /// Their number, in all sets.
    reopened: usize,
    elements: usize,
    max_depth: usize,
    /// A doctype came before the first element: the page is not in quirks mode (roughly).
    doctype: bool,
}

/// A position below every element.
const NONE: isize = -1;

impl Scan {
    fn new() -> Scan {
        Scan {
            frames: Vec::new(),
            by_name: HashMap::new(),
            by_class: Default::default(),
            pending: vec![Pending::default()],
            reopened: 0,
            elements: 0,
            max_depth: 2,
            doctype: false,
        }
    }

    fn over(&self) -> bool {
        self.max_depth > MAX_DEPTH || self.elements > MAX_ELEMENTS
    }

    /// The depth of the stack: `<html>` and `<body>` are not kept on it; formatting elements to be
    /// opened again are counted as open.
    fn depth(&self) -> usize {
        self.frames.len() + 2 + self.reopened
    }

    fn open(&self, key: u64) -> isize {
        self.by_name.get(&key).and_then(|v| v.last()).map_or(NONE, |&p| p as isize)
    }

    fn top(&self, classes: u16) -> isize {
        let mut top = NONE;
        for (c, positions) in self.by_class.iter().enumerate() {
            if classes & (1 << c) != 0 {
                top = top.max(positions.last().map_or(NONE, |&p| p as isize));
            }
        }
        top
    }

    /// The position of the open element named `key` when no boundary of `scope` is above it.
    fn in_scope(&self, key: u64, scope: u16) -> Option<usize> {
        let p = self.open(key);
        (p != NONE && self.top(scope) <= p).then_some(p as usize)
    }

    fn current_is(&self, key: u64) -> bool {
        self.frames.last().is_some_and(|f| f.key == key)
    }

    fn push(&mut self, name: &[u8]) {
        self.push_key(key(name), classes(name), None);
    }

    fn push_key(&mut self, key: u64, classes: u16, formatting: Option<u64>) {
        let at = self.frames.len();
        if classes & MARKER != 0 {
            self.pending.push(Pending::default());
        }
        self.frames.push(Frame { key, classes, formatting });
        self.by_name.entry(key).or_default().push(at);
        for (c, positions) in self.by_class.iter_mut().enumerate() {
            if classes & (1 << c) != 0 {
                positions.push(at);
            }
        }
        self.max_depth = self.max_depth.max(self.depth());
    }

    /// Pops the current element; a formatting element is remembered to be opened again unless
    /// its own end tag closed it.
    fn pop(&mut self, by_own_end_tag: bool) {
        let Some(f) = self.frames.pop() else { return };
        if let Some(v) = self.by_name.get_mut(&f.key) {
            v.pop();
        }
        for (c, positions) in self.by_class.iter_mut().enumerate() {
            if f.classes & (1 << c) != 0 {
                positions.pop();
            }
        }
        if f.classes & MARKER != 0 && self.pending.len() > 1 {
            if let Some(forgotten) = self.pending.pop() {
                self.reopened -= forgotten.total;
            }
        }
        if let (Some(alike), false) = (f.formatting, by_own_end_tag) {
            let Some(set) = self.pending.last_mut() else { return };
            let n = set.alike.entry(alike).or_default();
            if *n < 3 {
                *n += 1;
                set.by_name.entry(f.key).or_default().push(alike);
                set.total += 1;
                self.reopened += 1;
            }
        }
    }

    /// Forgets the latest formatting element named `key` waiting to be opened again.
    fn forget(&mut self, key: u64) {
        let Some(set) = self.pending.last_mut() else { return };
        if let Some(alike) = set.by_name.get_mut(&key).and_then(Vec::pop) {
            if let Some(n) = set.alike.get_mut(&alike) {
                *n = n.saturating_sub(1);
            }
            set.total -= 1;
            self.reopened -= 1;
        }
    }

    /// Pops elements until the one at `at` is popped too.
    fn pop_to(&mut self, at: usize) {
        while self.frames.len() > at {
            self.pop(false);
        }
    }

    fn pop_above(&mut self, at: usize) {
        self.pop_to(at + 1);
    }

    fn close_p(&mut self) {
        if let Some(p) = self.in_scope(P, SCOPE | BUTTON) {
            self.pop_to(p);
        }
    }

    /// The adoption agency, simplified: a formatting element with no special element above it is
    /// closed (what is above it is reopened later); one with a block above it is left open (the
    /// parser moves it into the block, which leaves the depth as it was or shallower).
    fn adopt(&mut self, key: u64) {
        let p = self.open(key);
        if p == NONE || self.top(SCOPE) > p {
            // Not open (here): one waiting to be opened again is dropped instead.
            self.forget(key);
            return;
        }
        if self.top(SPECIAL) < p {
            self.pop_to(p as usize + 1);
            self.pop(true);
        }
    }

    /// The innermost table in table scope, if any.
    fn table(&self) -> Option<usize> {
        self.in_scope(TABLE, TABLE_SCOPE)
    }

    /// Clears the stack back to the table's body (the innermost row group of the table, made when
    /// missing) and returns its position.
    fn table_body(&mut self, table: usize) -> usize {
        let section = [TBODY, THEAD, TFOOT].iter().map(|k| self.open(*k)).max().unwrap_or(NONE);
        if section > table as isize {
            self.pop_above(section as usize);
            section as usize
        } else {
            self.pop_above(table);
            self.push(b"tbody");
            self.frames.len() - 1
        }
    }

    fn in_foreign(&self) -> bool {
        self.top(FOREIGN) > self.top(INTEGRATION)
    }

    fn push_formatting(&mut self, name: &[u8], attrs: &[u8]) {
        let mut alike = key(name);
        for &c in attrs {
            alike ^= c as u64;
            alike = alike.wrapping_mul(0x0100_0000_01b3);
        }
        self.push_key(key(name), classes(name), Some(alike));
    }

    fn start_tag(&mut self, name: &[u8], attrs: &[u8], self_closing: bool) {
        self.elements += 1;
        if self.in_foreign() {
            if !breaks_out_of_foreign(name) {
                if self_closing {
                    self.max_depth = self.max_depth.max(self.depth() + 1);
                } else {
                    self.push(name);
                }
                return;
            }
            // An HTML element ends the foreign content it appears in.
            let root = self.top(FOREIGN);
            self.pop_to(root as usize);
        }
        if self.open(SELECT) != NONE {
            // Inside a select, only options (and what ends the select) are elements.
            let table_part = matches!(name, b"caption" | b"table" | b"tbody" | b"tfoot" | b"thead" | b"tr" | b"td" | b"th");
            match name {
                b"option" | b"optgroup" | b"select" | b"script" | b"template" => {}
                b"input" | b"keygen" | b"textarea" => self.pop_to(self.open(SELECT) as usize),
                _ if table_part && self.table().is_some() => self.pop_to(self.open(SELECT) as usize),
                _ => return,
            }
        }
        if is_void(name) || is_raw_text(name) {
            // A leaf: a void element, or one whose text the caller skips.
            if matches!(name, b"hr" | b"xmp") {
                self.close_p();
            }
            self.max_depth = self.max_depth.max(self.depth() + 1);
            return;
        }
        if closes_p(name) {
            self.close_p();
        }
        match name {
            b"html" | b"head" | b"body" | b"frameset" => {}
            b"svg" | b"math" if self_closing => self.max_depth = self.max_depth.max(self.depth() + 1),
            b"li" | b"dd" | b"dt" => {
                // A new item closes the open one, unless a special element (a nested list) is above it.
                let item = if name == b"li" { self.open(LI) } else { self.open(DD).max(self.open(DT)) };
                if item != NONE && self.top(ITEM_STOP) == item {
                    self.pop_to(item as usize);
                }
                self.push(name);
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
                if self.frames.last().is_some_and(|f| f.classes & HEADING != 0) {
                    let at = self.frames.len() - 1;
                    self.pop_to(at);
                }
                self.push(name);
            }
            b"form" => {
                // A form inside a form is dropped.
                if self.open(FORM) == NONE || self.open(TEMPLATE) != NONE {
                    self.close_p();
                    self.push(name);
                }
            }
            b"a" => {
                // A link inside a link closes it.
                self.adopt(A);
                self.push_formatting(name, attrs);
            }
            b"nobr" => {
                if self.in_scope(NOBR, SCOPE).is_some() {
                    self.adopt(NOBR);
                }
                self.push_formatting(name, attrs);
            }
            _ if is_formatting(name) => self.push_formatting(name, attrs),
            b"button" => {
                if let Some(b) = self.in_scope(BUTTON_KEY, SCOPE) {
                    self.pop_to(b);
                }
                self.push(name);
            }
            b"select" => match self.open(SELECT) {
                // A select inside a select closes it.
                NONE => self.push(name),
                s => self.pop_to(s as usize),
            },
            b"option" | b"optgroup" => {
                if self.current_is(OPTION) {
                    let at = self.frames.len() - 1;
                    self.pop_to(at);
                }
                self.push(name);
            }
            b"caption" | b"colgroup" | b"tbody" | b"thead" | b"tfoot" => {
                // Outside a table these are dropped.
                if let Some(t) = self.table() {
                    self.pop_above(t);
                    self.push(name);
                }
            }
            b"tr" => {
                if let Some(t) = self.table() {
                    self.table_body(t);
                    self.push(name);
                }
            }
            b"td" | b"th" => {
                if let Some(t) = self.table() {
                    let row = self.open(TR);
                    if row > t as isize {
                        self.pop_above(row as usize);
                    } else {
                        self.table_body(t);
                        self.push(b"tr");
                    }
                    self.push(name);
                }
            }
            b"table" => {
                // Outside quirks mode (a page with a doctype), a table closes an open paragraph.
                if self.doctype {
                    self.close_p();
                }
                // A table straight inside a table (not in a cell) closes it.
                if let Some(t) = self.table() {
                    if self.frames.last().is_some_and(|f| [TABLE, TBODY, THEAD, TFOOT, TR].contains(&f.key)) {
                        self.pop_to(t);
                    }
                }
                self.push(name);
            }
            b"rb" | b"rp" | b"rt" | b"rtc" => {
                if self.frames.last().is_some_and(|f| [key(b"rb"), key(b"rp"), key(b"rt"), key(b"rtc")].contains(&f.key)) {
                    let at = self.frames.len() - 1;
                    self.pop_to(at);
                }
                self.push(name);
            }
            _ => self.push(name),
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        let k = key(name);
        if self.open(SELECT) != NONE {
            let table_part = matches!(name, b"caption" | b"table" | b"tbody" | b"tfoot" | b"thead" | b"tr" | b"td" | b"th");
            match name {
                b"option" | b"optgroup" | b"select" | b"template" => {}
                _ if table_part && self.in_scope(k, TABLE_SCOPE).is_some() => self.pop_to(self.open(SELECT) as usize),
                _ => return,
            }
        }
        match name {
            b"html" | b"head" | b"body" | b"br" => {}
            b"p" => match self.in_scope(P, SCOPE | BUTTON) {
                Some(p) => self.pop_to(p),
                // A stray `</p>` makes an empty paragraph.
                None => self.max_depth = self.max_depth.max(self.depth() + 1),
            },
            b"li" => {
                if let Some(p) = self.in_scope(LI, SCOPE | LIST) {
                    self.pop_to(p);
                }
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
                let h = self.top(HEADING);
                if h != NONE && self.top(SCOPE) < h {
                    self.pop_to(h as usize);
                }
            }
            b"table" | b"tbody" | b"thead" | b"tfoot" | b"tr" | b"td" | b"th" | b"caption" | b"colgroup" => {
                if let Some(p) = self.in_scope(k, TABLE_SCOPE) {
                    self.pop_to(p);
                }
            }
            b"form" => {
                // The parser takes the form out of the stack without closing what is inside it;
                // here only a form with nothing open inside it is closed (the rest stays counted).
                if self.current_is(FORM) {
                    let at = self.frames.len() - 1;
                    self.pop_to(at);
                }
            }
            _ if is_formatting(name) => self.adopt(k),
            _ if classes(name) & SPECIAL != 0 => {
                if let Some(p) = self.in_scope(k, SCOPE) {
                    self.pop_to(p);
                }
            }
            _ => {
                // Any other end tag closes its element unless a special element is above it.
                let p = self.open(k);
                if p != NONE && self.top(SPECIAL) < p {
                    self.pop_to(p as usize);
                }
            }
        }
    }

    fn run(&mut self, b: &[u8]) {
        let mut i = 0;
        let mut name = Vec::with_capacity(16);
        while i < b.len() && !self.over() {
            let Some(lt) = find(b, i, b"<") else { return };
            i = lt + 1;
            let Some(&c) = b.get(i) else { return };
            if c == b'!' {
                if self.elements == 0 && b.len() >= i + 8 && b[i + 1..i + 8].eq_ignore_ascii_case(b"doctype") {
                    self.doctype = true;
                }
                i = if b[i..].starts_with(b"!--") {
                    // A comment ends at the first "-->", "<!-->" included.
                    match find(b, i + 1, b"-->") {
                        Some(e) => e + 3,
                        None => return,
                    }
                } else if b[i..].starts_with(b"![CDATA[") && self.in_foreign() {
                    match find(b, i, b"]]>") {
                        Some(e) => e + 3,
                        None => return,
                    }
                } else {
                    match find(b, i, b">") {
                        Some(e) => e + 1,
                        None => return,
                    }
                };
            } else if c == b'?' {
                i = match find(b, i, b">") {
                    Some(e) => e + 1,
                    None => return,
                };
            } else if c == b'/' {
                match b.get(i + 1) {
                    Some(n) if n.is_ascii_alphabetic() => {
                        let end = read_name(b, i + 1, &mut name);
                        let Some((after, _)) = tag_end(b, end) else { return };
                        i = after;
                        self.end_tag(&name);
                    }
                    // "</>" is dropped; "</" before anything else starts a bogus comment.
                    _ => {
                        i = match find(b, i, b">") {
                            Some(e) => e + 1,
                            None => return,
                        }
                    }
                }
            } else if c.is_ascii_alphabetic() {
                let end = read_name(b, i, &mut name);
                let Some((after, self_closing)) = tag_end(b, end) else { return };
                i = after;
                let foreign = self.in_foreign();
                self.start_tag(&name, &b[end..after], self_closing);
                if name == b"plaintext" {
                    return;
                }
                if is_raw_text(&name) && !foreign {
                    i = raw_text_end(b, i, &name).unwrap_or(b.len());
                }
            }
        }
    }
}

/// The first occurrence of `needle` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    if needle.len() == 1 {
        return hay.iter().position(|&c| c == needle[0]).map(|p| from + p);
    }
    let first = needle[0];
    let mut at = 0;
    while let Some(p) = hay[at..].iter().position(|&c| c == first) {
        let s = at + p;
        if hay[s..].starts_with(needle) {
            return Some(from + s);
        }
        at = s + 1;
    }
    None
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads a tag name in lower case into `name`; returns where it ends.
fn read_name(b: &[u8], mut i: usize, name: &mut Vec<u8>) -> usize {
    name.clear();
    while let Some(&c) = b.get(i) {
        if is_space(c) || c == b'/' || c == b'>' {
            break;
        }
        name.push(c.to_ascii_lowercase());
        i += 1;
    }
    i
}

/// Skips a tag's attributes (quoted values may hold `>`); returns the position after its `>` and
/// whether it ended with `/>`. `None` when the document ends inside the tag.
fn tag_end(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    loop {
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((i + 1, false)),
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    return Some((i + 2, true));
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The attribute's name (a leading '=' belongs to it).
        i += 1;
        while let Some(&c) = b.get(i) {
            if is_space(c) || c == b'/' || c == b'>' || c == b'=' {
                break;
            }
            i += 1;
        }
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        match *b.get(i)? {
            q @ (b'"' | b'\'') => i = find(b, i + 1, &[q])? + 1,
            b'>' => return Some((i + 1, false)),
            _ => {
                while let Some(&c) = b.get(i) {
                    if is_space(c) || c == b'>' {
                        break;
                    }
                    i += 1;
                }
            }
        }
    }
}

/// Where the text of a raw-text element ends: after its end tag.
fn raw_text_end(b: &[u8], mut i: usize, name: &[u8]) -> Option<usize> {
    loop {
        let s = find(b, i, b"</")?;
        let n = s + 2;
        let matches = b.len() >= n + name.len() && b[n..n + name.len()].eq_ignore_ascii_case(name);
        let ends_name = match b.get(n + name.len()) {
            Some(&c) => is_space(c) || c == b'/' || c == b'>',
            None => true,
        };
        if matches && ends_name {
            return tag_end(b, n + name.len()).map(|(after, _)| after).or(Some(b.len()));
        }
        i = s + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest element of the document the parser builds, `<html>` being 1.
    fn parsed_depth(html: &str) -> usize {
        let doc = scraper::Html::parse_document(html);
        let (mut depth, mut max) = (0, 0);
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) if n.value().is_element() => {
                    depth += 1;
                    max = max.max(depth);
                }
                ego_tree::iter::Edge::Close(n) if n.value().is_element() => depth -= 1,
                _ => {}
            }
        }
        max
    }

    #[test]
    fn follows_the_depth_the_parser_builds() {
        let cases = [
            String::new(),
            "<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8></head><body><div><p>x</p></div></body></html>".into(),
            // End tags a page may leave out.
            format!("<body>{}", "<p>Đoạn văn".repeat(3000)),
            format!("<ul>{}</ul>", "<li>Mục".repeat(3000)),
            format!("<dl>{}</dl>", "<dt>Tên<dd>Mô tả".repeat(500)),
            format!("<table>{}</table>", "<tr><td>Số<td>Trích yếu".repeat(1000)),
            format!("<select>{}</select>", "<option>Một".repeat(500)),
            format!("<body>{}", "<a href=/tin>Tin".repeat(1000)),
            "<h1>Một<h2>Hai<h3>Ba".into(),
            "<p><span>Một<p><span>Hai<p><span>Ba".into(),
            // Nesting the parser keeps.
            "<ul><li>a<ul><li>b<ul><li>c</ul></ul></ul>".into(),
            "<table><tr><td>".repeat(10),
            "<div/><div/><div/>x".into(),
            "<svg><g><path/><path/></g><circle/></svg><div><br></div>".into(),
            "<span><div></span>".repeat(50),
            // Stray end tags close nothing outside their scope.
            "<div><table><tr><td></div><div></div></td></tr></table></div>".into(),
            "</div></div><div></span></p></li>x".into(),
            // Markup that is not elements.
            "<!-- <div><div><div> --><script>if (a<b) document.write('<div><div>')</script><style>p>a{}</style><div title='a>b' data-x=\"</div>\">x</div>".into(),
            "<textarea><div><div></textarea><noscript><div><div></noscript><xmp><div></xmp>".into(),
            "<div>".repeat(30) + "<!--",
        ];
        for html in &cases {
            assert_eq!(Complexity::of(html).depth, parsed_depth(html), "{html:.200}");
        }
    }

    #[test]
    fn is_never_much_shallower_than_the_parsed_document() {
        // Tag soup from a fixed seed: formatting, blocks, lists, tables, forms, misnested and unclosed.
        let tags = [
            "<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<b>", "</b>", "<i>", "</i>", "<a href=#>", "</a>", "<ul>", "</ul>",
            "<li>", "</li>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<form>", "</form>", "<h2>", "</h2>",
            "<section>", "</section>", "<button>", "</button>", "<nobr>", "</nobr>", "<select>", "<option>", "</select>", "<dl>",
            "<dd>", "<dt>", "</dl>", "<em>", "</em>", "<font>", "</font>", "<br>", "<img src=a>", "chữ ", "<svg>", "</svg>", "<rect/>",
        ];
        let mut seed: u64 = 0x2026_1123;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..400 {
            let html: String = (0..300).map(|_| tags[(next() % tags.len() as u64) as usize]).collect();
            let (scanned, parsed) = (Complexity::of(&html).depth, parsed_depth(&html));
            assert!(scanned * 10 >= parsed * 5, "{scanned} < {parsed}: {html}");
        }
    }

    #[test]
    fn every_fixture_page_is_scanned_as_deep_as_it_parses() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures");
        let mut pages = 0;
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let html = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                    let c = Complexity::of(&html);
                    assert_eq!(c.depth, parsed_depth(&html), "{}", path.display());
                    assert!(!c.too_complex());
                    pages += 1;
                }
            }
        }
        assert!(pages > 50, "{pages} pages");
    }

    #[test]
    fn a_page_nested_too_deep_or_with_too_many_elements_is_too_complex() {
        let deep = format!("<html><body>{}x{}</body></html>", "<div>".repeat(40_000), "</div>".repeat(40_000));
        let c = Complexity::of(&deep);
        assert!(c.too_complex() && c.depth == MAX_DEPTH + 1, "{c:?}");
        // The scan stops at the limit: it does not count the rest.
        assert!(c.elements < 1_100, "{c:?}");
        assert!(c.describe().contains("1000 elements deep"), "{}", c.describe());
        // Closed as they open, the same number of divs is shallow.
        assert!(!Complexity::of(&"<div>x</div>".repeat(40_000)).too_complex());
        let many = "<br>".repeat(MAX_ELEMENTS + 1);
        let c = Complexity::of(&many);
        assert!(c.too_complex() && c.depth == 3 && c.elements == MAX_ELEMENTS + 1, "{c:?}");
        assert!(!Complexity::of(&"<br>".repeat(MAX_ELEMENTS)).too_complex());
        // Deep nesting of inline elements, lists and tables counts as much as divs.
        for unit in ["<span>", "<b>", "<ul><li>", "<table><tr><td>", "<font><center>", "<span><div></span>"] {
            assert!(Complexity::of(&unit.repeat(MAX_DEPTH)).too_complex(), "{unit}");
        }
    }
}
