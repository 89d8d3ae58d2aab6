//! A small Chrome DevTools Protocol client: one WebSocket to the browser, flattened sessions,
//! blocking calls with deadlines. Screencast frames are acknowledged as they arrive and kept.

use std::collections::VecDeque;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

use super::Stop;

#[derive(Debug)]
pub enum CdpError {
    Timeout(String),
    Cancelled,
    Closed(String),
    /// The browser answered with an error.
    Protocol(String),
}

impl std::fmt::Display for CdpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CdpError::Timeout(what) => write!(f, "timeout waiting for {what}"),
            CdpError::Cancelled => write!(f, "cancelled"),
            CdpError::Closed(e) => write!(f, "DevTools connection closed: {e}"),
            CdpError::Protocol(e) => write!(f, "DevTools error: {e}"),
        }
    }
}

/// One screencast frame: JPEG bytes (base64 as received) and when it was swapped to the screen.
pub struct Frame {
    pub session: String,
    pub data_b64: String,
    /// Seconds since the Unix epoch.
    pub timestamp: f64,
}

pub struct Cdp {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    events: VecDeque<Value>,
    pub frames: Vec<Frame>,
}

impl Cdp {
    pub fn connect(ws_url: &str, stop: Stop<'_>) -> Result<Cdp, CdpError> {
        let rest = ws_url.strip_prefix("ws://").ok_or_else(|| CdpError::Closed(format!("bad address {ws_url}")))?;
        let hostport = rest.split('/').next().unwrap_or(rest);
        let addr = hostport.parse().map_err(|_| CdpError::Closed(format!("bad address {ws_url}")))?;
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| CdpError::Closed(e.to_string()))?;
        stream.set_nodelay(true).ok();
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
        stream.set_write_timeout(Some(Duration::from_secs(10))).ok();
        let config = WebSocketConfig::default().max_message_size(Some(512 << 20)).max_frame_size(Some(512 << 20));
        let mut attempt = tungstenite::client::client_with_config(ws_url, stream, Some(config));
        let ws = loop {
            match attempt {
                Ok((ws, _)) => break ws,
                Err(tungstenite::HandshakeError::Interrupted(mid)) => {
                    if stop.cancelled() {
                        return Err(CdpError::Cancelled);
                    }
                    if stop.expired() {
                        return Err(CdpError::Timeout("the DevTools handshake".into()));
                    }
                    attempt = mid.handshake();
                }
                Err(tungstenite::HandshakeError::Failure(e)) => return Err(CdpError::Closed(e.to_string())),
            }
        };
        // Short reads, so every wait can look at its deadline and the cancel flag.
        ws.get_ref().set_read_timeout(Some(Duration::from_millis(50))).ok();
        Ok(Cdp { ws, next_id: 1, events: VecDeque::new(), frames: Vec::new() })
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<u64, CdpError> {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(msg.to_string())).map_err(|e| CdpError::Closed(e.to_string()))?;
        Ok(id)
    }

    /// Reads one message, or `None` when nothing came within the short read timeout.
    fn read_one(&mut self) -> Result<Option<Value>, CdpError> {
        match self.ws.read() {
            Ok(Message::Text(t)) => Ok(serde_json::from_str(t.as_str()).ok()),
            Ok(Message::Binary(b)) => Ok(serde_json::from_slice(&b).ok()),
            Ok(_) => Ok(None),
            Err(tungstenite::Error::Io(e)) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => Ok(None),
            Err(e) => Err(CdpError::Closed(e.to_string())),
        }
    }

    /// Files an event: screencast frames are acknowledged at once (the browser sends no more
    /// until they are) and kept apart; the rest is queued.
    fn file_event(&mut self, msg: Value) -> Result<(), CdpError> {
        if msg["method"] == "Page.screencastFrame" {
            let session = msg["sessionId"].as_str().unwrap_or("").to_string();
            let ack = msg["params"]["sessionId"].clone();
            self.send(Some(&session), "Page.screencastFrameAck", json!({ "sessionId": ack }))?;
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
            let timestamp = msg["params"]["metadata"]["timestamp"].as_f64().unwrap_or(now);
            let data_b64 = msg["params"]["data"].as_str().unwrap_or("").to_string();
            self.frames.push(Frame { session, data_b64, timestamp });
            // Still queued (without the image), so waits see that the screen changed.
            let mut light = msg;
            light["params"]["data"] = Value::Null;
            self.events.push_back(light);
        } else {
            self.events.push_back(msg);
        }
        Ok(())
    }

    /// Calls a method and waits for its answer until `timeout` (or the stop's deadline).
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value, stop: Stop<'_>, timeout: Duration) -> Result<Value, CdpError> {
        let id = self.send(session, method, params)?;
        let until = stop.until(timeout);
        loop {
            if stop.cancelled() {
                return Err(CdpError::Cancelled);
            }
            if Instant::now() >= until {
                return Err(CdpError::Timeout(method.to_string()));
            }
            let Some(msg) = self.read_one()? else { continue };
            if msg["id"].as_u64() == Some(id) {
                if let Some(err) = msg.get("error") {
                    return Err(CdpError::Protocol(format!("{method}: {}", err["message"].as_str().unwrap_or("?"))));
                }
                return Ok(msg["result"].clone());
            }
            if msg.get("method").is_some() {
                self.file_event(msg)?;
            }
        }
    }

    /// The next event, waiting at most until `until`; `None` when none came.
    pub fn next_event(&mut self, until: Instant, stop: Stop<'_>) -> Result<Option<Value>, CdpError> {
        loop {
            if let Some(e) = self.events.pop_front() {
                return Ok(Some(e));
            }
            if stop.cancelled() {
                return Err(CdpError::Cancelled);
            }
            if Instant::now() >= until {
                return Ok(None);
            }
            if let Some(msg) = self.read_one()? {
                if msg.get("method").is_some() {
                    self.file_event(msg)?;
                }
            }
        }
    }

    /// Forgets queued events and frames (between loads).
    pub fn clear(&mut self) {
        self.events.clear();
        self.frames.clear();
    }

    /// Frames of a session, taken out of the client.
    pub fn take_frames(&mut self, session: &str) -> Vec<Frame> {
        let (mine, rest): (Vec<Frame>, Vec<Frame>) = std::mem::take(&mut self.frames).into_iter().partition(|f| f.session == session);
        self.frames = rest;
        mine
    }
}
