//! Registry values (age defaults, standard pack configs, closed-set members) as typed Rust
//! expressions. A config is walked together with its generated types, so a value that does not fit
//! its type fails here, at generation time, never when the crate runs.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{EmitError, Names, ident, lit};
use crate::emit::naming::upper_camel;
use crate::emit::types::{ConfigTypes, Kind, Ty, TypeDef};

/// `crate::Set::Member` for the member `id` of the spec closed set `set`.
pub fn closed(id: &str, set: &str) -> Result<TokenStream, EmitError> {
    let v = ident(&upper_camel(id).map_err(|e| EmitError(format!("{set} `{id}`: {e}")))?);
    let set = ident(set);
    Ok(quote! { crate::#set::#v })
}

/// `crate::RuleConfig::Category(…)` for `config` of the category at `index`.
pub fn rule_config(names: &Names<'_>, index: usize, config: &Value) -> Result<TokenStream, EmitError> {
    let types = &names.configs[index];
    let var = &names.categories[index];
    let id = &names.reg.rules.categories[index].id;
    let root = types.defs.first().ok_or_else(|| EmitError(format!("`{id}` has no config type")))?;
    let value = Walk { types, category: id }.def(root, config, "")?;
    Ok(quote! { crate::RuleConfig::#var(#value) })
}

struct Walk<'a> {
    types: &'a ConfigTypes,
    category: &'a str,
}

impl Walk<'_> {
    fn misfit(&self, at: &str, what: &str) -> EmitError {
        EmitError(format!("a config of `{}` at `{at}` is not {what}", self.category))
    }

    fn ty(&self, ty: &Ty, v: &Value, at: &str) -> Result<TokenStream, EmitError> {
        match (ty, v) {
            (Ty::Bool, Value::Bool(b)) => Ok(quote! { #b }),
            (Ty::Str, Value::String(s)) => Ok(quote! { ::std::string::String::from(#s) }),
            (Ty::Named(name), _) => {
                let def = self
                    .types
                    .defs
                    .iter()
                    .find(|d| &d.name == name)
                    .ok_or_else(|| EmitError(format!("no generated type `{name}`")))?;
                self.def(def, v, at)
            }
            (Ty::List(item), Value::Array(items)) => {
                let items = self.items(item, items, at)?;
                Ok(quote! { ::std::vec![ #( #items ),* ] })
            }
            _ => Err(self.misfit(at, "of its schema's type")),
        }
    }

    fn items(&self, item: &Ty, items: &[Value], at: &str) -> Result<Vec<TokenStream>, EmitError> {
        items.iter().enumerate().map(|(i, v)| self.ty(item, v, &format!("{at}/{i}"))).collect()
    }

    fn map(&self, item: &Ty, map: &serde_json::Map<String, Value>, at: &str) -> Result<TokenStream, EmitError> {
        let entries = map
            .iter()
            .map(|(k, v)| {
                let value = self.ty(item, v, &format!("{at}/{k}"))?;
                Ok(quote! { (::std::string::String::from(#k), #value) })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        // From a `Vec` rather than an array: `BTreeMap::from([_; N])` would be compiled again for
        // every distinct `N`, which made the crate's release build a second slower.
        Ok(quote! { ::std::vec![ #( #entries ),* ].into_iter().collect() })
    }

    fn def(&self, def: &TypeDef, v: &Value, at: &str) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let path = quote! { crate::config::#name };
        match (&def.kind, v) {
            (Kind::Struct { fields, .. }, Value::Object(map)) => {
                if let Some(extra) = map.keys().find(|k| !fields.iter().any(|f| &f.wire == *k)) {
                    return Err(self.misfit(&format!("{at}/{extra}"), "a field of its schema"));
                }
                let inits = fields
                    .iter()
                    .map(|f| {
                        let fi = if f.raw {
                            proc_macro2::Ident::new_raw(&f.ident, proc_macro2::Span::call_site())
                        } else {
                            ident(&f.ident)
                        };
                        let value =
                            map.get(&f.wire).map(|v| self.ty(&f.ty, v, &format!("{at}/{}", f.wire))).transpose()?;
                        match (value, f.required) {
                            (Some(v), true) => Ok(quote! { #fi: #v }),
                            (Some(v), false) => Ok(quote! { #fi: Some(#v) }),
                            (None, false) => Ok(quote! { #fi: None }),
                            (None, true) => Err(self.misfit(&format!("{at}/{}", f.wire), "set, but it is required")),
                        }
                    })
                    .collect::<Result<Vec<_>, EmitError>>()?;
                Ok(quote! { #path { #( #inits ),* } })
            }
            (Kind::Enum(variants), Value::String(s)) => {
                let (var, _) = variants
                    .iter()
                    .find(|(_, wire)| wire == s)
                    .ok_or_else(|| self.misfit(at, "one of its enum's values"))?;
                let var = ident(var);
                Ok(quote! { #path::#var })
            }
            (Kind::Int { prim, min, max, .. }, Value::Number(n)) => {
                let value = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                match value {
                    Some(i) if (*min..=*max).contains(&i) => {
                        let l: TokenStream = format!("{i}{prim}").parse().map_err(|_| self.misfit(at, "a literal"))?;
                        Ok(quote! { #path(#l) })
                    }
                    _ => Err(self.misfit(at, "an integer in its range")),
                }
            }
            (Kind::Str { .. }, Value::String(s)) => {
                let s = lit(s);
                Ok(quote! { #path(::std::string::String::from(#s)) })
            }
            (Kind::List { item, .. }, Value::Array(items)) => {
                let items = self.items(item, items, at)?;
                Ok(quote! { #path(::std::vec![ #( #items ),* ]) })
            }
            (Kind::Map { value, .. }, Value::Object(map)) => {
                let m = self.map(value, map, at)?;
                Ok(quote! { #path(#m) })
            }
            _ => Err(self.misfit(at, "of its schema's type")),
        }
    }
}
