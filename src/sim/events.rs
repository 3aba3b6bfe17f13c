//! Kubernetes Events as the simulated components record them: `ObjectRef` is the object an
//! Event is about (`involvedObject`, with a field path for a container), `Recorder` is a
//! component's event recorder (client-go's `record.EventRecorder`: `Normal` or `Warning`, a
//! reason and a message), which aggregates a repeat of the same Event into its count, and
//! `COMPONENT` names the reporting components as their Events' `source` shows them.

use super::cluster::World;
use super::world::{Action, Event};

/// The reporting components (an Event's `source.component`).
pub mod component {
    pub const KUBELET: &str = "kubelet";
    pub const SCHEDULER: &str = "default-scheduler";
    pub const CONTROLLER: &str = "statefulset-controller";
    /// minikube's storage-provisioner (the hostpath provisioner).
    pub const PROVISIONER: &str = "k8s.io/minikube-hostpath";
}

/// The object an Event is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub kind: &'static str,
    pub ns: String,
    pub name: String,
    pub uid: String,
    /// `spec.containers{app}` for an Event about a container.
    pub field_path: Option<String>,
}

impl ObjectRef {
    pub fn new(kind: &'static str, ns: &str, name: &str, uid: &str) -> ObjectRef {
        ObjectRef {
            kind,
            ns: ns.to_string(),
            name: name.to_string(),
            uid: uid.to_string(),
            field_path: None,
        }
    }

    /// The same object, narrowed to a field (a container).
    pub fn at(self, field_path: Option<String>) -> ObjectRef {
        ObjectRef { field_path, ..self }
    }
}

/// A component's event recorder.
pub struct Recorder<'w> {
    world: &'w mut World,
    component: &'static str,
}

impl World {
    /// The event recorder of `component`.
    pub fn recorder(&mut self, component: &'static str) -> Recorder<'_> {
        Recorder {
            world: self,
            component,
        }
    }

    /// The latest event about `ns/object` that `matches`, as the event recorder's aggregation
    /// looks it up.
    pub fn find_event(
        &mut self,
        ns: &str,
        object: &str,
        reason: &str,
        message: &str,
        matches: impl Fn(&Event) -> bool,
    ) -> Option<&mut Event> {
        let indices = self
            .event_index
            .get(&event_key(ns, object, reason, message))?;
        let i = *indices.iter().rev().find(|&&i| matches(&self.events[i]))?;
        self.events.get_mut(i)
    }
}

impl Recorder<'_> {
    /// A `Normal` Event.
    pub fn normal(&mut self, about: &ObjectRef, reason: &str, message: impl Into<String>) {
        self.record(about, false, reason, message.into());
    }

    /// A `Warning` Event.
    pub fn warning(&mut self, about: &ObjectRef, reason: &str, message: impl Into<String>) {
        self.record(about, true, reason, message.into());
    }

    /// A `Warning` seen `n` times, `period_s` apart, ending now (a probe failing
    /// `failureThreshold` times in a row): one Event with that count.
    pub fn warning_repeated(
        &mut self,
        about: &ObjectRef,
        reason: &str,
        message: String,
        n: u32,
        period_s: i64,
    ) {
        self.record(about, true, reason, message.clone());
        if n > 1
            && let Some(e) = self
                .world
                .find_event(&about.ns, &about.name, reason, &message, |_| true)
        {
            e.count += n - 1;
            e.first = e
                .last
                .saturating_sub((n as u64 - 1) * (period_s.max(1) as u64) * 1000)
                .min(e.first);
        }
    }

    /// Records an Event, aggregating a repeat (same object, reason and message) into its count.
    pub fn record(&mut self, about: &ObjectRef, warning: bool, reason: &str, message: String) {
        let w = &mut *self.world;
        let now = w.now;
        let ObjectRef {
            kind,
            ns,
            name,
            uid,
            field_path,
        } = about;
        if let Some(e) = w.find_event(ns, name, reason, &message, |e| {
            e.kind == *kind && e.field_path == *field_path
        }) {
            e.count += 1;
            e.last = now;
        } else {
            let index = w.events.len();
            w.event_index
                .entry(event_key(ns, name, reason, &message))
                .or_default()
                .push(index);
            let suffix = format!(
                "{:x}",
                0x1800_0000_0000_0000u64 + now * 1_000_000 + index as u64
            );
            w.events.push(Event {
                ns: ns.clone(),
                name: format!("{name}.{suffix}"),
                kind,
                object: name.clone(),
                uid: uid.clone(),
                field_path: field_path.clone(),
                reason: reason.to_string(),
                message: message.clone(),
                warning,
                source: self.component,
                first: now,
                last: now,
                count: 1,
            });
        }
        let e = w.log(Action::Event, kind, ns, name);
        e.reason = Some(reason.to_string());
        e.message = Some(message);
        e.warning = warning;
    }
}

/// The key of `World::event_index`: what the event recorder aggregates on, bar kind and
/// field path.
fn event_key(ns: &str, object: &str, reason: &str, message: &str) -> String {
    format!("{ns}\0{object}\0{reason}\0{message}")
}
