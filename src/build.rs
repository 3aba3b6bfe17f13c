//! Build script: extracts the Kubernetes schema from k8s-openapi's own types into a compact
//! table (`$OUT_DIR/schema_table.rs`, included by `src/schema.rs`).
//!
//! k8s-openapi's generated `Deserialize` impls are the schema: `deserialize_struct` names each
//! struct and lists its JSON fields, and what a field's value asks the deserializer for
//! (`deserialize_i32`, `deserialize_seq`, a nested struct, the `Quantity` newtype...) is its
//! type. A probing deserializer records all of that once, at build time, so the browser bundle
//! carries a data table instead of a serde visitor per Kubernetes struct (see ARCHITECTURE.md).

use serde::de::{self, DeserializeSeed, Visitor};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq)]
enum T {
    Bool,
    Int32,
    Int64,
    Float,
    Str,
    Quantity,
    IntOrString,
    Time,
    Any,
    Struct(String),
    Seq(Box<T>),
    Map(Box<T>),
}

#[derive(Default)]
struct Registry {
    /// Struct name → its fields and their types, in declaration order.
    defs: BTreeMap<String, Vec<(String, T)>>,
}

#[derive(Debug)]
struct Stop(String);
impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<M: std::fmt::Display>(msg: M) -> Stop {
        Stop(msg.to_string())
    }
}

/// Records the type a value asks for, then hands the visitor a harmless value of that type.
struct Probe<'r> {
    reg: &'r RefCell<Registry>,
    out: &'r RefCell<Option<T>>,
}

impl Probe<'_> {
    fn set(&self, t: T) {
        *self.out.borrow_mut() = Some(t);
    }
}

struct Str(&'static str);
impl<'de> de::Deserializer<'de> for Str {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_str(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A map whose keys are the struct's fields; each value is probed into its own cell.
struct FieldsMap<'r> {
    reg: &'r RefCell<Registry>,
    fields: std::vec::IntoIter<&'static str>,
    current: Option<&'static str>,
    found: Vec<(String, T)>,
}

impl<'de> de::MapAccess<'de> for &mut FieldsMap<'_> {
    type Error = Stop;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.fields.next() {
            None => Ok(None),
            Some(f) => {
                self.current = Some(f);
                seed.deserialize(Str(f)).map(Some)
            }
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        let name = self
            .current
            .take()
            .ok_or_else(|| Stop("value before key".into()))?;
        let cell = RefCell::new(None);
        let v = seed.deserialize(Probe {
            reg: self.reg,
            out: &cell,
        })?;
        let t = cell
            .into_inner()
            .ok_or_else(|| Stop(format!("field {name} asked for nothing")))?;
        self.found.push((name.to_string(), t));
        Ok(v)
    }
}

/// A one-element sequence or one-entry map, to learn element and value types.
struct One<'r> {
    reg: &'r RefCell<Registry>,
    out: &'r RefCell<Option<T>>,
    done: bool,
    key_given: bool,
}

impl<'de> de::SeqAccess<'de> for One<'_> {
    type Error = Stop;
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Stop> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        seed.deserialize(Probe {
            reg: self.reg,
            out: self.out,
        })
        .map(Some)
    }
}

impl<'de> de::MapAccess<'de> for One<'_> {
    type Error = Stop;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        if self.key_given {
            return Ok(None);
        }
        self.key_given = true;
        seed.deserialize(Str("key")).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Probe {
            reg: self.reg,
            out: self.out,
        })
    }
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        // Only IntOrString asks for "anything" in the kinds we read.
        self.set(T::IntOrString);
        v.visit_str("1")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.set(T::Bool);
        v.visit_bool(false)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.set(T::Int32);
        v.visit_i32(0)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.set(T::Int64);
        v.visit_i64(0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.set(T::Float);
        v.visit_f64(0.0)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.set(T::Str);
        v.visit_str("")
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.deserialize_str(v)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.deserialize_str(v)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.deserialize_str(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Stop> {
        match name {
            "Time" | "MicroTime" => {
                self.set(T::Time);
                v.visit_newtype_struct(Str("2000-01-01T00:00:00Z"))
            }
            "Quantity" => {
                self.set(T::Quantity);
                v.visit_newtype_struct(Str("1"))
            }
            "RawExtension" => {
                self.set(T::Any);
                v.visit_newtype_struct(Str(""))
            }
            _ => v.visit_newtype_struct(self),
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        let cell = RefCell::new(None);
        let r = v.visit_seq(One {
            reg: self.reg,
            out: &cell,
            done: false,
            key_given: false,
        })?;
        let elem = cell
            .into_inner()
            .ok_or_else(|| Stop("sequence element asked for nothing".into()))?;
        self.set(T::Seq(Box::new(elem)));
        Ok(r)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        let cell = RefCell::new(None);
        let r = v.visit_map(One {
            reg: self.reg,
            out: &cell,
            done: false,
            key_given: false,
        })?;
        let value = cell
            .into_inner()
            .ok_or_else(|| Stop("map value asked for nothing".into()))?;
        self.set(T::Map(Box::new(value)));
        Ok(r)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Stop> {
        self.set(T::Struct(name.to_string()));
        let known = self.reg.borrow().defs.contains_key(name);
        // Reserve the name first, so a struct met again is walked without being recorded.
        if !known {
            self.reg
                .borrow_mut()
                .defs
                .insert(name.to_string(), Vec::new());
        }
        // apiVersion and kind are checked against constants by resource types; they are strings.
        let probed: Vec<&'static str> = fields
            .iter()
            .copied()
            .filter(|f| *f != "apiVersion" && *f != "kind")
            .collect();
        let mut map = FieldsMap {
            reg: self.reg,
            fields: probed.into_iter(),
            current: None,
            found: Vec::new(),
        };
        let r = v.visit_map(&mut map)?;
        if known {
            return Ok(r);
        }
        let mut found = map.found;
        for f in fields
            .iter()
            .filter(|f| **f == "apiVersion" || **f == "kind")
        {
            found.push((f.to_string(), T::Str));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        self.reg.borrow_mut().defs.insert(name.to_string(), found);
        Ok(r)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 u8 u16 u32 u64 i128 u128 f32 char unit unit_struct tuple tuple_struct enum identifier ignored_any
    }
}

fn probe<D: for<'de> serde::Deserialize<'de>>(reg: &RefCell<Registry>) -> String {
    let cell = RefCell::new(None);
    if let Err(e) = D::deserialize(Probe { reg, out: &cell }) {
        panic!("probing the schema failed: {e}");
    }
    match cell.into_inner() {
        Some(T::Struct(name)) => name,
        other => panic!("a kind must be a struct, got {other:?}"),
    }
}

fn rust_ty(t: &T, index: &BTreeMap<String, usize>) -> String {
    match t {
        T::Bool => "Ty::Bool".into(),
        T::Int32 => "Ty::Int32".into(),
        T::Int64 => "Ty::Int64".into(),
        T::Float => "Ty::Float".into(),
        T::Str => "Ty::Str".into(),
        T::Quantity => "Ty::Quantity".into(),
        T::IntOrString => "Ty::IntOrString".into(),
        T::Time => "Ty::Time".into(),
        T::Any => "Ty::Any".into(),
        T::Struct(n) => format!("Ty::Struct({})", index[n]),
        T::Seq(e) => format!("Ty::Seq(&{})", rust_ty(e, index)),
        T::Map(v) => format!("Ty::Map(&{})", rust_ty(v, index)),
    }
}

fn main() {
    println!("cargo::rerun-if-changed=src/build.rs");
    use k8s_openapi::api::{
        apps::v1::StatefulSet, core::v1::Service, policy::v1::PodDisruptionBudget,
    };
    let reg = RefCell::new(Registry::default());
    let kinds = [
        ("StatefulSet", probe::<StatefulSet>(&reg)),
        ("Service", probe::<Service>(&reg)),
        ("PodDisruptionBudget", probe::<PodDisruptionBudget>(&reg)),
    ];
    let reg = reg.into_inner();
    let index: BTreeMap<String, usize> = reg
        .defs
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by src/build.rs from k8s-openapi (feature v1_36). Do not edit."
    );
    let _ = writeln!(out, "pub static STRUCTS: &[Struct] = &[");
    for (name, fields) in &reg.defs {
        let _ = write!(out, "    Struct {{ name: {name:?}, fields: &[");
        for (f, t) in fields {
            let _ = write!(out, "({f:?}, {}), ", rust_ty(t, &index));
        }
        let _ = writeln!(out, "] }},");
    }
    let _ = writeln!(out, "];");
    for (kind, name) in &kinds {
        let _ = writeln!(
            out,
            "pub const {}: Ty = Ty::Struct({});",
            kind.to_uppercase(),
            index[name]
        );
    }
    let path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("schema_table.rs");
    std::fs::write(path, out).expect("write schema table");
}
