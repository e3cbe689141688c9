//! The JSON text read record by record with serde, never as one tree: objects with their
//! keys in file order, array items one at a time, a wrapper object's entries, and a check
//! of any value that keeps nothing.

use std::borrow::Cow;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

/// An object with its keys in file order (serde_json's `Map` sorts them; columns should
/// appear as the user wrote them).
pub(super) struct Ordered(pub(super) Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ItemVisitor).and_then(|item| match item {
            Item::Object(o) => Ok(o),
            Item::Other => Err(serde::de::Error::custom("not an object")),
        })
    }
}

/// An array item: an object, or anything else (skipped, but read as strictly as a value:
/// a number out of range is an error wherever it stands).
pub(super) enum Item {
    Object(Ordered),
    Other,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.push((k, v));
        }
        Ok(Item::Object(Ordered(out)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Item::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_unit<E>(self) -> Result<Item, E> {
        Ok(Item::Other)
    }
}

/// Any value, read and checked like a [`Value`] (strings unescaped, numbers in range)
/// but kept nowhere. `true` when it is an array holding at least one object.
pub(super) struct Checked(pub(super) bool);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Checked;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
                while map.next_entry::<Cow<'de, str>, Checked>()?.is_some() {}
                Ok(Checked(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
                let mut any_object = false;
                while let Some(item) = seq.next_element::<Item>()? {
                    any_object |= matches!(item, Item::Object(_));
                }
                Ok(Checked(any_object))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_unit<E>(self) -> Result<Checked, E> {
                Ok(Checked(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// A record as it comes out of the text: its line and its top-level entries.
pub(super) type Entries = Vec<(String, Value)>;

/// Calls `each` with every array item, numbered from 1 (objects as `Some`).
pub(super) struct EachItem<'f, T>(pub(super) &'f mut dyn FnMut(usize, T));

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for EachItem<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for EachItem<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<T>()? {
            index += 1;
            (self.0)(index, item);
        }
        Ok(())
    }
}

/// A wrapper object's entries in file order: the key, and whether the value is an array
/// holding at least one object.
pub(super) struct WrapperEntries(pub(super) Vec<(String, bool)>);

impl<'de> Deserialize<'de> for WrapperEntries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WrapperEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WrapperEntries, A::Error> {
                let mut out = Vec::new();
                while let Some((k, Checked(holds_objects))) = map.next_entry::<String, Checked>()? {
                    out.push((k, holds_objects));
                }
                Ok(WrapperEntries(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Streams the items of a wrapper object's entry number `entry` (counted in file order).
pub(super) struct WrapperItems<'f> {
    pub(super) entry: usize,
    pub(super) each: &'f mut dyn FnMut(usize, Value),
}

impl<'de> DeserializeSeed<'de> for WrapperItems<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for WrapperItems<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut position = 0;
        while map.next_key::<IgnoredAny>()?.is_some() {
            if position == self.entry {
                map.next_value_seed(EachItem::<Value>(&mut *self.each))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            position += 1;
        }
        Ok(())
    }
}
