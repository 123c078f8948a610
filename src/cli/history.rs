//! `compmap history`: the history of each programme across its revisions.
//!
//! Inputs are databases (`compmap.sqlite`, recognised by the SQLite header: every stored
//! document) and/or files and folders to convert (labelled as `convert --format sqlite`
//! labels them: the title's year, else the folder name). Documents are grouped by
//! programme; each programme with its revisions in order goes through
//! [`compmap::history::history`] and is written by [`compmap::export::history::write`].

use super::{Outcome, Status};
use compmap::history::Revision;
use compmap::store::{self, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Databases written by `convert --format sqlite` or `import`, and/or input files and
    /// folders.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output directory.
    #[arg(short = 'o', long = "output", default_value = "output")]
    output: PathBuf,
}

/// What `history` does, validated.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
}

impl Args {
    pub fn options(self) -> Options {
        Options {
            inputs: self.inputs,
            output: self.output,
        }
    }
}

pub fn run(options: &Options) -> Outcome {
    let mut failed = false;
    // programme → revision label → standard; a later input wins a label.
    let mut programmes: BTreeMap<String, BTreeMap<String, compmap::Standard>> = BTreeMap::new();
    let mut files = Vec::new();
    for input in &options.inputs {
        if input.is_file() && store::is_sqlite(input) {
            let db = Store::open_read(input)?;
            for doc in db.documents()? {
                let standard = db.load(doc.id)?;
                programmes
                    .entry(doc.programme)
                    .or_default()
                    .insert(doc.revision, standard);
            }
        } else {
            files.push(input.clone());
        }
    }
    let inputs = compmap::batch::expand(&files);
    let converted = compmap::batch::parallel_map(inputs.len(), 0, |i| {
        let input = &inputs[i];
        match &input.problem {
            Some(problem) => Err(compmap::Error::Directory {
                path: input.path.clone(),
                reason: problem.clone(),
            }),
            None => compmap::convert_file(&input.path),
        }
    })
    .map_err(|error| compmap::Error::ThreadPool {
        path: options.output.clone(),
        jobs: 0,
        error,
    })?;
    for (input, result) in inputs.iter().zip(converted) {
        match result {
            Ok(standard) => {
                let folder = input
                    .path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned());
                let doc = store::Document::new(standard, None, folder.as_deref());
                let previous = programmes
                    .entry(doc.programme.clone())
                    .or_default()
                    .insert(doc.revision.clone(), doc.standard);
                if let Some(p) = previous {
                    eprintln!(
                        "note: {} replaces {} as {} revision {}",
                        input.path.display(),
                        p.source,
                        doc.programme,
                        doc.revision
                    );
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    let mut summary = String::new();
    for (programme, revisions) in programmes {
        let revisions: Vec<Revision> = revisions
            .into_iter()
            .map(|(label, standard)| Revision { label, standard })
            .collect();
        let history = compmap::history::history(&programme, revisions);
        let written = compmap::export::history::write(&history, &options.output)?;
        summary.push_str(&format!(
            "{programme}: {} revisions ({}), {} changes\n",
            history.revisions.len(),
            history.revisions.join(", "),
            history.changes.len()
        ));
        for path in written {
            eprintln!("wrote {}", path.display());
        }
    }
    super::print(&summary)?;
    Ok(if failed {
        Status::Failed
    } else {
        Status::Success
    })
}
