//! Command-line arguments of `kubectl stsplay`, parsed by hand so that every message and
//! exit code is ours to choose (see the contract in `static/docs/cli.md`).

use crate::Options;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Lint,
    Plan,
    Diff,
    Simulate,
    Shell,
    Help,
    Version,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct Args {
    pub command: Command,
    pub files: Vec<String>,
    pub format: Format,
    pub options: Options,
    /// `simulate` (and `shell`: faults, seed): steps in order, faults from t=0, seed, exit 1 when blocked.
    pub steps: Vec<String>,
    pub faults: Vec<String>,
    /// `--program CONTAINER=PROGRAM` and `--image-tools CONTAINER=TOOLS` (simulate, shell).
    pub programs: Vec<String>,
    pub image_tools: Vec<String>,
    pub seed: u64,
    pub fail_on_blocked: bool,
    /// `shell`: let the world settle before each command.
    pub settle: bool,
    /// How charts given with `-f` are rendered.
    pub chart: ChartFlags,
    /// `shell --chart PATH`: charts put on the terminal's machine, not installed.
    pub charts: Vec<String>,
}

/// `--release-name`, the values flags (`--values`, `--set`...), `--helm-version`: how a chart
/// given with `-f DIR` or `-f CHART.tgz` is rendered before it is analysed.
#[derive(Clone, Debug)]
pub struct ChartFlags {
    pub release_name: String,
    pub values: crate::helm::template::ValueOptions,
    pub version: crate::helm::Version,
    /// `--skip-schema-validation`: the values are not checked against `values.schema.json`.
    pub skip_schema_validation: bool,
}

impl Default for ChartFlags {
    fn default() -> ChartFlags {
        ChartFlags {
            release_name: "release-name".into(),
            values: Default::default(),
            version: crate::helm::Version::V4,
            skip_schema_validation: false,
        }
    }
}

pub const HELP: &str = "\
kubectl stsplay: see what a StatefulSet will do before you apply it

Usage:
  kubectl stsplay lint -f FILE...      check manifests as the API server would, plus StatefulSet lints
  kubectl stsplay plan -f FILE...      lint, then list the pods, PVCs and DNS names the cluster would create
  kubectl stsplay diff -f OLD -f NEW   check NEW as an update of OLD: forbidden changes, pods a rolling update replaces
  kubectl stsplay simulate -f FILE...  run the StatefulSet controller on a virtual clock and print the timeline
  kubectl stsplay shell -f FILE...     a kubectl prompt on the simulated cluster (reads commands from a pipe too)

Flags:
  -f, --filename PATH      a manifest file (repeatable); - reads standard input; a chart
                           directory (with Chart.yaml) or a packaged CHART.tgz is rendered
                           as helm template renders it, then analysed
  -n, --namespace NS       namespace for objects that name none (default \"default\")
      --cluster-domain D   cluster DNS domain (default \"cluster.local\")
  -o, --output FORMAT      text (default) or json
      --kubernetes-version V  behave like Kubernetes 1.V (default 1.36)

Chart flags (for -f CHART):
      --release-name NAME  the release's name (default \"release-name\")
      --values FILE        a values file (repeatable, later ones win)
      --set K=V            helm's --set (repeatable); --set-string, --set-json,
                           --set-file K=PATH and --set-literal likewise
      --helm-version 3|4   render as helm v3.17 or v4.2 (default 4)
      --skip-schema-validation  do not check the values against values.schema.json

  kubectl stsplay template [NAME] CHART [helm template flags]   exactly what helm template prints

Simulate flags:
      --step STEP          a step after the world settles (repeatable, in order): scale N,
                           image CONTAINER=IMAGE, patch JSON, apply PATH, delete pod|pvc NAME,
                           delete sts [--cascade=background|orphan], fault ..., advance SECONDS
      --fault FAULT        a fault in force from t=0 (repeatable): POD ready=never|fail|ok,
                           POD phase=Failed|Succeeded, POD schedule=never, image IMAGE ready=never,
                           POD live=fail|ok, POD crash, POD pull=fail|ok, image IMAGE pull=fail|ok
                           (POD may be a glob such as web-*)
      --seed N             seed for timing jitter, IPs and UIDs (default 1)
      --program C=PROGRAM  what runs in container C (repeatable): web, visits[:FILE][,reset],
                           nginx, sleep or crash (default: read from the image; an image the
                           playground does not recognise is a web app on its first port)
      --image-tools C=T    what kubectl exec finds in container C's image: busybox, debian,
                           dnsutils or none (default: busybox for an unrecognised image)
      --fail-on-blocked    exit 1 when the simulation ends blocked

Shell flags:
      --chart PATH         put the chart at PATH on the terminal's machine (repeatable), for
                           helm install NAME PATH; -f may then be omitted
      --helm-version 3|4   the terminal's helm: v3.17 or v4.2 (default 4)
      --settle             let the world settle before each command (otherwise time moves only
                           with commands that wait: sleep N, kubectl wait, kubectl rollout status)
      --seed N             as for simulate
      --fault FAULT        as for simulate: a fault in force from t=0 (repeatable)
      --program C=PROGRAM, --image-tools C=T   as for simulate
  -h, --help               show this help

Exit codes: 0 no errors, 1 the manifests have errors, 2 usage or I/O error.
";

/// Parses `argv` (without the program name).
pub fn parse(argv: &[String]) -> Result<Args, String> {
    let mut args = Args {
        command: Command::Help,
        files: Vec::new(),
        format: Format::Text,
        options: Options::default(),
        steps: Vec::new(),
        faults: Vec::new(),
        programs: Vec::new(),
        image_tools: Vec::new(),
        seed: 1,
        fail_on_blocked: false,
        settle: false,
        chart: ChartFlags::default(),
        charts: Vec::new(),
    };
    let mut it = argv.iter().peekable();
    let Some(cmd) = it.next() else {
        return Ok(args);
    };
    args.command = match cmd.as_str() {
        "lint" => Command::Lint,
        "plan" => Command::Plan,
        "diff" => Command::Diff,
        "simulate" | "sim" => Command::Simulate,
        "shell" => Command::Shell,
        "help" | "-h" | "--help" => return Ok(args),
        "version" | "--version" => Command::Version,
        other if other.starts_with('-') => {
            return Err(format!(
                "unknown flag: {other} (a subcommand comes first: lint, plan, diff, simulate, shell)"
            ));
        }
        other => {
            return Err(format!(
                "unknown command \"{other}\" for \"kubectl stsplay\" (try lint, plan, diff, simulate or shell)"
            ));
        }
    };
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: {name}")),
            }
        };
        match flag {
            "-f" | "--filename" => args.files.push(value(flag)?),
            "-n" | "--namespace" => args.options.namespace = value(flag)?,
            "--cluster-domain" => args.options.cluster_domain = value(flag)?,
            "--kubernetes-version" => {
                let v = value(flag)?;
                let minor = crate::version::parse_minor(&v).ok_or_else(|| {
                    format!(
                        "unsupported --kubernetes-version \"{v}\": use 1.27 to 1.37 (default 1.36)"
                    )
                })?;
                args.options.profile = crate::version::Profile::v1(minor);
            }
            "--step" if args.command == Command::Simulate => args.steps.push(value(flag)?),
            "--fault" if matches!(args.command, Command::Simulate | Command::Shell) => {
                args.faults.push(value(flag)?)
            }
            "--program" if matches!(args.command, Command::Simulate | Command::Shell) => {
                args.programs.push(value(flag)?)
            }
            "--image-tools" if matches!(args.command, Command::Simulate | Command::Shell) => {
                args.image_tools.push(value(flag)?)
            }
            "--settle" if args.command == Command::Shell && inline.is_none() => args.settle = true,
            "--seed" if matches!(args.command, Command::Simulate | Command::Shell) => {
                let v = value(flag)?;
                args.seed = v
                    .parse()
                    .map_err(|_| format!("--seed needs a whole number, not \"{v}\""))?;
            }
            "--fail-on-blocked" if args.command == Command::Simulate && inline.is_none() => {
                args.fail_on_blocked = true
            }
            "--chart" if args.command == Command::Shell => args.charts.push(value(flag)?),
            "--release-name" => args.chart.release_name = value(flag)?,
            "--values" => args.chart.values.files.push(value(flag)?),
            "--set" => args.chart.values.set.push(value(flag)?),
            "--set-string" => args.chart.values.set_string.push(value(flag)?),
            "--set-json" => args.chart.values.set_json.push(value(flag)?),
            "--set-file" => args.chart.values.set_file.push(value(flag)?),
            "--set-literal" => args.chart.values.set_literal.push(value(flag)?),
            "--skip-schema-validation" if inline.is_none() => {
                args.chart.skip_schema_validation = true
            }
            "--helm-version" => {
                let v = value(flag)?;
                args.chart.version = crate::helm::Version::parse(&v).ok_or_else(|| {
                    format!("unsupported --helm-version \"{v}\": use 4 (helm v4.2, the default) or 3 (helm v3.17)")
                })?;
            }
            "-o" | "--output" => {
                args.format = match value(flag)?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown output format \"{other}\": use text or json"
                        ));
                    }
                }
            }
            "-h" | "--help" => {
                args.command = Command::Help;
                return Ok(args);
            }
            other if other.starts_with('-') => return Err(format!("unknown flag: {other}")),
            other => {
                return Err(format!(
                    "unexpected argument \"{other}\" (files are given with -f)"
                ));
            }
        }
    }
    if args.options.namespace.is_empty() {
        return Err("the namespace given with -n must not be empty".into());
    }
    Ok(args)
}
