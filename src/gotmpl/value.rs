//! The values templates compute with, typed as Go types so that the engine can reproduce Go's
//! behaviour exactly: `3` from a values file is a `float64` and `3` in a template an `int`, and
//! `eq` refuses to compare them; a map's element is an `interface {}`, so a field of a missing
//! key is a nil pointer error, while the same through a variable is silently empty.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// A value a template computes with.
#[derive(Clone)]
pub enum Value {
    /// The untyped nil (Go's invalid `reflect.Value` once unboxed, or a nil `interface {}`).
    Nil,
    Bool(bool),
    /// Go `int` (template literals, `len`, `atoi`, `until`).
    Int(i64),
    /// Go `int64` (Sprig's arithmetic, `--set` integers).
    Int64(i64),
    /// Go `float64` (every number read from YAML or JSON).
    Float(f64),
    Str(Rc<str>),
    /// `[]byte` (`.Files.GetBytes`).
    Bytes(Rc<[u8]>),
    List(Rc<List>),
    Map(Map),
    /// A struct or a named type with methods (`.Files`, `.Capabilities`, a semver version).
    Object(Rc<dyn Object>),
}

/// What a slice holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    /// `[]interface {}`: elements are boxed.
    Any,
    /// `[]string`.
    Str,
    /// `[]int`.
    Int,
}

pub struct List {
    pub elem: Elem,
    pub items: Vec<Value>,
    /// A nil slice (a struct's unset slice field): empty, but JSON and YAML write `null`.
    pub nil: bool,
}

/// What a map type is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    /// `map[string]interface {}`.
    Any,
    /// Helm's `Values` (`chartutil.Values` in helm 3, `common.Values` in helm 4).
    Values,
    /// `map[string]string` (a chart's annotations).
    Str,
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::fmt::sprint_v(&Value::Map(self.clone())))
    }
}

/// A Go map: shared and mutable (`set` changes it for every holder), keys kept sorted, as
/// every Go printer and `range` sorts them.
#[derive(Clone)]
pub struct Map(pub Rc<RefCell<MapData>>);

pub struct MapData {
    pub kind: MapKind,
    pub entries: BTreeMap<String, Value>,
    /// A nil map of its type (a struct's unset map field, such as a chart's `Annotations`):
    /// empty, but JSON and YAML write it as `null`.
    pub nil: bool,
}

impl Map {
    pub fn new(kind: MapKind) -> Map {
        Map(Rc::new(RefCell::new(MapData {
            kind,
            entries: BTreeMap::new(),
            nil: false,
        })))
    }
    pub fn from_entries(kind: MapKind, entries: BTreeMap<String, Value>) -> Map {
        Map(Rc::new(RefCell::new(MapData {
            kind,
            entries,
            nil: false,
        })))
    }
    /// A nil map of its type (see `MapData::nil`).
    pub fn nil(kind: MapKind) -> Map {
        let m = Map::new(kind);
        m.0.borrow_mut().nil = true;
        m
    }
    pub fn is_nil(&self) -> bool {
        self.0.borrow().nil
    }
    pub fn kind(&self) -> MapKind {
        self.0.borrow().kind
    }
    pub fn get(&self, key: &str) -> Option<Value> {
        self.0.borrow().entries.get(key).cloned()
    }
    pub fn insert(&self, key: impl Into<String>, v: Value) {
        self.0.borrow_mut().entries.insert(key.into(), v);
    }
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.0.borrow_mut().entries.remove(key)
    }
    pub fn contains(&self, key: &str) -> bool {
        self.0.borrow().entries.contains_key(key)
    }
    pub fn len(&self) -> usize {
        self.0.borrow().entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn keys(&self) -> Vec<String> {
        self.0.borrow().entries.keys().cloned().collect()
    }
    pub fn entries(&self) -> Vec<(String, Value)> {
        self.0
            .borrow()
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
    pub fn ptr_eq(&self, other: &Map) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A Go struct or named type: its fields, methods and how Go prints and encodes it.
pub trait Object {
    /// The Go type as `%T` prints it (`*chart.Metadata`, `engine.files`).
    fn type_name(&self) -> String;
    /// A field, boxed or not as Go would type it; `None` when there is no such field.
    fn field(&self, name: &str) -> Option<Val> {
        let _ = name;
        None
    }
    /// Is `name` a field (as opposed to missing)?
    fn has_field(&self, name: &str) -> bool {
        self.field(name).is_some()
    }
    /// A method bound to this receiver.
    fn method(self: Rc<Self>, name: &str) -> Option<super::Func>;
    /// `%v` (a `String()` method, or Go's struct printing).
    fn print(&self) -> String;
    /// How `encoding/json` encodes it (struct fields keep their order).
    fn to_json(&self) -> String;
    /// Entries when the type is a map (`range`, `index`, `len`).
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// Elements when the type is a slice (`range`, `index`, `len`).
    fn list_items(&self) -> Option<Vec<Value>> {
        None
    }
    /// A struct is `reflect.Struct` (always true) rather than a pointer or map.
    fn kind(&self) -> &'static str {
        "ptr"
    }
}

/// A value as the executor holds it: with its static type being `interface {}` or not.
#[derive(Clone)]
pub struct Val {
    pub v: Value,
    /// Its static type is `interface {}` (a map element, a slice element, a function result).
    pub boxed: bool,
}

impl Val {
    pub fn new(v: Value) -> Val {
        Val { v, boxed: false }
    }
    pub fn boxed(v: Value) -> Val {
        Val { v, boxed: true }
    }
    /// The untyped nil: Go's invalid `reflect.Value`.
    pub fn invalid() -> Val {
        Val {
            v: Value::Nil,
            boxed: false,
        }
    }
    pub fn is_invalid(&self) -> bool {
        !self.boxed && matches!(self.v, Value::Nil)
    }
    /// `indirectInterface`: forget the interface.
    pub fn unbox(self) -> Val {
        Val {
            v: self.v,
            boxed: false,
        }
    }
    /// The static Go type, for messages (`interface {}` when boxed).
    pub fn type_name(&self) -> String {
        if self.boxed {
            "interface {}".into()
        } else {
            self.v.type_name()
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn list(elem: Elem, items: Vec<Value>) -> Value {
        Value::List(Rc::new(List {
            elem,
            items,
            nil: false,
        }))
    }
    /// `items`, or a nil slice of that element type when there are none.
    pub fn list_or_nil(elem: Elem, items: Vec<Value>) -> Value {
        let nil = items.is_empty();
        Value::List(Rc::new(List { elem, items, nil }))
    }
    pub fn any_list(items: Vec<Value>) -> Value {
        Value::list(Elem::Any, items)
    }
    pub fn str_list(items: Vec<String>) -> Value {
        Value::list(Elem::Str, items.into_iter().map(Value::string).collect())
    }
    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Map::from_entries(MapKind::Any, entries))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The Go type as `%T` prints it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => match l.elem {
                Elem::Any => "[]interface {}".into(),
                Elem::Str => "[]string".into(),
                Elem::Int => "[]int".into(),
            },
            Value::Map(m) => match m.kind() {
                MapKind::Any => "map[string]interface {}".into(),
                MapKind::Values => super::values_type_name().into(),
                MapKind::Str => "map[string]string".into(),
            },
            Value::Object(o) => o.type_name(),
        }
    }

    /// Sprig's `kindOf` (`reflect.Kind`'s name).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => o.kind(),
        }
    }

    /// `isTrue`: the zero value of its type is false.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => match (o.map_entries(), o.list_items()) {
                (Some(e), _) => !e.is_empty(),
                (_, Some(l)) => !l.is_empty(),
                _ => true,
            },
        }
    }

    /// Entries when the value is a Go map, sorted by key.
    pub fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        match self {
            Value::Map(m) => Some(m.entries()),
            Value::Object(o) => o.map_entries(),
            _ => None,
        }
    }

    /// Is a map's element type `interface {}` (so its entries come out boxed)?
    pub fn boxes_elements(&self) -> bool {
        match self {
            Value::Map(m) => m.kind() != MapKind::Str,
            Value::List(l) => l.elem == Elem::Any,
            _ => false,
        }
    }

    /// A deep copy (Sprig's `deepCopy`, copystructure): new maps and lists all the way down.
    pub fn deep_copy(&self) -> Value {
        self.deep_copy_at(0)
    }

    fn deep_copy_at(&self, depth: usize) -> Value {
        if depth > super::MAX_DEPTH {
            return Value::Nil;
        }
        match self {
            Value::List(l) => Value::list(
                l.elem,
                l.items.iter().map(|v| v.deep_copy_at(depth + 1)).collect(),
            ),
            Value::Map(m) => Value::Map(Map::from_entries(
                m.kind(),
                m.entries()
                    .into_iter()
                    .map(|(k, v)| (k, v.deep_copy_at(depth + 1)))
                    .collect(),
            )),
            v => v.clone(),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::fmt::sprint_v(self))
    }
}

impl PartialEq for Value {
    /// `reflect.DeepEqual`-like equality (for tests and `has`/`uniq`/`without`).
    fn eq(&self, other: &Value) -> bool {
        deep_equal(self, other, 0)
    }
}

fn deep_equal(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > super::MAX_DEPTH {
        return false;
    }
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.elem == y.elem
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(&y.items)
                    .all(|(a, b)| deep_equal(a, b, depth + 1))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            let (x, y) = (x.entries(), y.entries());
            x.len() == y.len()
                && x.iter()
                    .zip(&y)
                    .all(|((ka, va), (kb, vb))| ka == kb && deep_equal(va, vb, depth + 1))
        }
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// A parameter type of a function, for Go's argument checks (`validateType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `interface {}`: anything.
    Any,
    String,
    Int,
    Int64,
    Float64,
    Bool,
    /// `map[string]interface {}` (Helm's `Values` converts).
    Map,
    /// `[]interface {}`.
    List,
    /// `[]string`.
    StrList,
    /// `reflect.Value` (the builtins that see values unconverted).
    Reflect,
    /// A named struct type (`sprig.certificate`): an `Object` of that type name.
    Struct(&'static str),
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Float64 => "float64",
            Ty::Bool => "bool",
            Ty::Map => "map[string]interface {}",
            Ty::List => "[]interface {}",
            Ty::StrList => "[]string",
            Ty::Reflect => "reflect.Value",
            Ty::Struct(name) => name,
        }
    }

    /// Can a nil be passed (`canBeNil`)?
    pub fn nilable(self) -> bool {
        matches!(
            self,
            Ty::Any | Ty::Map | Ty::List | Ty::StrList | Ty::Reflect
        )
    }

    /// Is a value of this dynamic type assignable to the parameter?
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            Ty::Any | Ty::Reflect => true,
            Ty::String => matches!(v, Value::Str(_)),
            Ty::Int => matches!(v, Value::Int(_)),
            Ty::Int64 => matches!(v, Value::Int64(_)),
            Ty::Float64 => matches!(v, Value::Float(_)),
            Ty::Bool => matches!(v, Value::Bool(_)),
            Ty::Map => matches!(v, Value::Map(m) if m.kind() != MapKind::Str),
            Ty::List => matches!(v, Value::List(l) if l.elem == Elem::Any),
            Ty::StrList => matches!(v, Value::List(l) if l.elem == Elem::Str),
            Ty::Struct(name) => matches!(v, Value::Object(o) if o.type_name() == name),
        }
    }
}
