//! `ocss new law|platform|standard <id>`: a new registry file with its `$schema` and every required
//! field, holding placeholders that `ocss validate` then explains one by one, so a contributor is
//! led through what to fill in.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// What kind of file to start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// `laws/<id>.json`.
    Law,
    /// `platforms/<id>.json`.
    Platform,
    /// `standards/<id>.json`.
    Standard,
}

/// The skeleton of `kind` for `id`. Law ids name their jurisdiction (`us-ca-sb-976`), so the country
/// and subdivision are filled in from it; everything else is left for `ocss validate` to ask for.
pub fn skeleton(kind: NewKind, id: &str) -> Value {
    match kind {
        NewKind::Law => {
            let parts: Vec<&str> = id.split('-').collect();
            let country = parts.first().map(|c| c.to_uppercase()).unwrap_or_default();
            let sub =
                parts.get(1).filter(|s| s.len() == 2 && country == "US").map(|s| format!("US-{}", s.to_uppercase()));
            let group = match (country.as_str(), &sub) {
                ("US", Some(_)) => "us-state",
                ("US", None) => "us-federal",
                ("GB", _) => "uk",
                ("EU", _) => "eu",
                _ => "",
            };
            let mut law = json!({
                "$schema": "../../spec/law.schema.json",
                "id": id,
                "short_name": "",
                "full_name": "",
                "jurisdiction_group": group,
                "country": country,
                "enactment_status": "",
                "enforcement_status": "",
                "dates": {},
                "age_threshold": { "under": 0 },
                "penalty": { "summary": "" },
                "citation": { "bill": "", "url": "" },
                "summary": "",
                "provisions": [],
                "categories": [{ "id": "", "provision": "" }],
                "verified": ""
            });
            if let (Some(sub), Some(obj)) = (sub, law.as_object_mut()) {
                obj.insert("subdivision".into(), json!(sub));
            }
            law
        }
        NewKind::Platform => json!({
            "$schema": "../../spec/platform.schema.json",
            "id": id,
            "name": "",
            "platform_category": "",
            "enforcement_mode": "",
            "auth_type": "",
            "capabilities": [],
            "description": ""
        }),
        NewKind::Standard => json!({
            "$schema": "../../spec/standard.schema.json",
            "id": id,
            "name": "",
            "publisher": "",
            "status": "draft",
            "description": "",
            "min_age": 0,
            "max_age": 0,
            "rules": []
        }),
    }
}

/// Writes the skeleton into `registry`, refusing to overwrite a file; returns its path.
pub fn create(registry: &Path, kind: NewKind, id: &str) -> Result<PathBuf, String> {
    let valid_id = !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid_id {
        return Err(format!(
            "`{}` is not an id: use lowercase letters, digits and `-`",
            crate::table::escape_controls(id)
        ));
    }
    let folder = match kind {
        NewKind::Law => "laws",
        NewKind::Platform => "platforms",
        NewKind::Standard => "standards",
    };
    let path = registry.join(folder).join(format!("{id}.json"));
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!("{} already exists", path.display()));
    }
    let text = serde_json::to_string_pretty(&skeleton(kind, id)).map_err(|e| e.to_string())? + "\n";
    // Members in the schema's order, as `ocss fmt` leaves every registry file.
    let file_kind = match kind {
        NewKind::Law => crate::schema::FileKind::Law,
        NewKind::Platform => crate::schema::FileKind::Platform,
        NewKind::Standard => crate::schema::FileKind::Standard,
    };
    let text =
        crate::fmt::format(&text, file_kind, path.display().to_string(), &mut crate::source::SourceMap::default())
            .unwrap_or(text);
    std::fs::create_dir_all(registry.join(folder)).map_err(|e| format!("{folder}: {e}"))?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
