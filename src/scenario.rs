//! Scenarios: a manifest with a story. The story lives in the manifest's own comments, so a
//! scenario is still a file `kubectl apply -f` accepts, travels inside share links, and an
//! instructor authors one by typing in the editor:
//!
//! ```yaml
//! # @scenario The rollback trap
//! # Text explaining what this is about (any number of lines).
//! # @step Roll out an image that does not exist
//! # What to look at during this step.
//! # $ kubectl set image sts/web nginx=nginx:does-not-exist
//! # $ sleep 60
//! apiVersion: apps/v1
//! ...
//! ```
//!
//! `# @scenario TITLE` starts the story; `# ` lines after it explain it until the first
//! `# @step LABEL`; within a step, `# $ COMMAND` lines are the commands its button runs (in
//! order, in the terminal) and other comment lines explain it. The story is the one block of
//! comment lines (blank lines allowed) that holds `@scenario`; the first YAML line ends it.

/// A built-in starting point.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    /// Stable id (used in share links and `#scenario=ID`).
    pub id: &'static str,
    /// Short name for the picker.
    pub name: &'static str,
    pub text: &'static str,
}

/// The scenarios the playground ships, the default first.
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        id: "lab",
        name: "Lab: visits counter (3 replicas)",
        text: include_str!("../static/scenarios/lab.yaml"),
    },
    Builtin {
        id: "lab-2",
        name: "Lab: visits counter (2 replicas)",
        text: include_str!("../static/scenarios/lab-2.yaml"),
    },
    Builtin {
        id: "lab-parallel",
        name: "Lab: Parallel pod management",
        text: include_str!("../static/scenarios/lab-parallel.yaml"),
    },
    Builtin {
        id: "lab-sidecar",
        name: "Lab: a pod with a sidecar (READY 2/2)",
        text: include_str!("../static/scenarios/lab-sidecar.yaml"),
    },
    Builtin {
        id: "web",
        name: "kubernetes.io tutorial: web (nginx)",
        text: include_str!("../static/scenarios/web.yaml"),
    },
    Builtin {
        id: "canary",
        name: "Canary roll-out with a partition",
        text: include_str!("../static/scenarios/canary.yaml"),
    },
    Builtin {
        id: "rollback-trap",
        name: "The rollback trap",
        text: include_str!("../static/scenarios/rollback-trap.yaml"),
    },
    Builtin {
        id: "service-mismatch",
        name: "serviceName does not match the Service",
        text: include_str!("../static/scenarios/service-mismatch.yaml"),
    },
];

/// The built-in scenario with this id.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.id == id)
}

/// The story told by a text's comments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    pub title: String,
    /// Paragraphs: consecutive comment lines joined by spaces; an empty `#` line separates.
    pub explanation: Vec<String>,
    pub steps: Vec<Step>,
}

/// One step an instructor scripted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub label: String,
    pub explanation: Vec<String>,
    /// Command lines, run in order.
    pub commands: Vec<String>,
    /// 1-based line of the `# @step` comment.
    pub line: u32,
}

/// The story in `text`, if it has a `# @scenario` line.
pub fn story(text: &str) -> Option<Story> {
    let mut story: Option<Story> = None;
    let mut para = String::new();
    for (i, raw) in text.lines().enumerate() {
        let Some(comment) = raw.strip_prefix('#') else {
            if let Some(s) = story.as_mut() {
                flush(s, &mut para);
                if !raw.trim().is_empty() {
                    // The story is one comment block: the first line of YAML ends it.
                    break;
                }
            }
            continue;
        };
        let c = comment.strip_prefix(' ').unwrap_or(comment).trim_end();
        if let Some(title) = directive(c, "@scenario").filter(|_| story.is_none()) {
            story = Some(Story {
                title: title.to_string(),
                ..Story::default()
            });
            continue;
        }
        let Some(s) = story.as_mut() else { continue };
        if let Some(label) = directive(c, "@step") {
            flush(s, &mut para);
            s.steps.push(Step {
                label: label.to_string(),
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                ..Step::default()
            });
        } else if let Some(cmd) = c.strip_prefix("$ ") {
            flush(s, &mut para);
            if let Some(step) = s.steps.last_mut() {
                step.commands.push(cmd.trim().to_string());
            }
        } else if c.trim().is_empty() {
            flush(s, &mut para);
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(c.trim());
        }
    }
    if let Some(s) = story.as_mut() {
        flush(s, &mut para);
    }
    story
}

fn directive<'a>(c: &'a str, name: &str) -> Option<&'a str> {
    let rest = c.strip_prefix(name)?;
    if rest.is_empty() || rest.starts_with(' ') {
        Some(rest.trim())
    } else {
        None
    }
}

fn flush(s: &mut Story, para: &mut String) {
    if para.is_empty() {
        return;
    }
    let text = std::mem::take(para);
    match s.steps.last_mut() {
        Some(step) => step.explanation.push(text),
        None => s.explanation.push(text),
    }
}
