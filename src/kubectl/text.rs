//! Text layout as kubectl does it (`kubectl/pkg/cmd/get/get.go`'s tabwriter, apimachinery's `duration.HumanDuration`, `kubectl/pkg/describe/describe.go` `tabbedString`): Go's `text/tabwriter`
//! (with the settings of `kubectl get` and of `describe`), `duration.HumanDuration` for every
//! AGE, and RFC 1123 timestamps.

/// Settings of a Go tabwriter (`tabwriter.NewWriter(out, minwidth, tabwidth, padding, ' ', 0)`).
#[derive(Clone, Copy, Debug)]
pub struct Tab {
    pub min_width: usize,
    pub padding: usize,
}

/// `kubectl get` tables (cli-runtime `tabwriter.go`).
pub const GET: Tab = Tab {
    min_width: 6,
    padding: 3,
};
/// `kubectl describe` (`tabbedString`) and `rollout history`.
pub const DESCRIBE: Tab = Tab {
    min_width: 0,
    padding: 2,
};

/// Lays out tab-separated cells as Go's tabwriter does: a column's width is its widest cell
/// plus padding (at least `min_width`) over a block of consecutive lines that have that
/// column; the last cell of a line is never padded. A line without tabs ends every block
/// (the writer flushes there). Widths count characters.
pub fn tabwrite(text: &str, tab: Tab) -> String {
    tabwrite_with(text, tab, &mut Vec::new())
}

/// Like `tabwrite`, starting from (and updating) remembered column widths, which only grow:
/// liggitt/tabwriter's `RememberWidths`, used by `kubectl get --watch`.
pub fn tabwrite_with(text: &str, tab: Tab, remembered: &mut [usize]) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_inclusive('\n')
        .map(|l| l.trim_end_matches('\n').split('\t').collect())
        .collect();
    let mut out = String::new();
    let mut start = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.len() == 1 {
            format_block(&lines[start..=i], tab, remembered, &mut out);
            start = i + 1;
        }
    }
    if start < lines.len() {
        format_block(&lines[start..], tab, remembered, &mut out);
    }
    // `split_inclusive` keeps a final line without '\n' as a line; the writer does too.
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn format_block(lines: &[Vec<&str>], tab: Tab, remembered: &mut [usize], out: &mut String) {
    let mut widths = Vec::new();
    format(lines, 0, lines.len(), &mut widths, tab, remembered, out);
}

/// Go's `Writer.format`: recursive over columns.
fn format(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    tab: Tab,
    remembered: &mut [usize],
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = tab.min_width;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + tab.padding);
            this += 1;
        }
        if let Some(r) = remembered.get(column) {
            w = w.max(*r);
        }
        widths.push(w);
        format(lines, line0, this, widths, tab, remembered, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len()
                && let Some(w) = widths.get(j)
            {
                for _ in width(cell)..*w {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
}

/// The widths a table would get (for `--watch`, which remembers them across flushes).
pub fn column_widths(text: &str, tab: Tab) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        for (j, c) in cells.iter().enumerate().take(cells.len().saturating_sub(1)) {
            let w = (width(c) + tab.padding).max(tab.min_width);
            if widths.len() <= j {
                widths.push(w);
            } else {
                widths[j] = widths[j].max(w);
            }
        }
    }
    widths
}

/// `duration.HumanDuration` (apimachinery): `0s`…`119s`, `2m5s`…`9m59s`, `10m`…`179m`,
/// `3h5m`…`7h59m`, `8h`…`47h`, `2d5h`…`7d23h`, `8d`…, `2y10d`…, `8y`.
pub fn human_duration_ms(ms: i64) -> String {
    // Go: int(d.Seconds()), which truncates toward zero.
    let secs = ms / 1000;
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = hours / 24;
        let d = days % 365;
        return if d == 0 {
            format!("{}y", days / 365)
        } else {
            format!("{}y{d}d", days / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Seconds since the epoch to (year, month, day, hour, minute, second, weekday 0=Sunday).
fn split(secs: i64) -> (i64, u32, u32, i64, i64, i64, usize) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::go::civil(days);
    let weekday = (days + 4).rem_euclid(7) as usize;
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, weekday)
}

/// `time.RFC1123Z`: `Mon, 05 May 2025 10:14:03 +0000`.
pub fn rfc1123z(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, hh, mm, ss, wd) = split(secs);
    format!(
        "{}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} +0000",
        DAYS[wd],
        MONTHS[(m - 1) as usize]
    )
}

/// RFC 3339 in UTC, as the API serializes `metav1.Time`: `2025-05-05T10:14:03Z`.
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = split(secs);
    format!("{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_table_matches_kubectl() {
        // `kubectl get pods`, as kubectl v1.36 prints it.
        let t = "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb-0\t1/1\tRunning\t0\t3m12s\nweb-1\t1/1\tRunning\t1 (40s ago)\t2m58s\nweb-2\t0/1\tContainerCreating\t0\t4s\n";
        assert_eq!(
            tabwrite(t, GET),
            "NAME    READY   STATUS              RESTARTS      AGE\nweb-0   1/1     Running             0             3m12s\nweb-1   1/1     Running             1 (40s ago)   2m58s\nweb-2   0/1     ContainerCreating   0             4s\n"
        );
        // A column of short cells is exactly six wide.
        assert_eq!(
            tabwrite("NAME\tAGE\tX\nweb\t5m\ty\n", GET),
            "NAME   AGE   X\nweb    5m    y\n"
        );
    }

    #[test]
    fn describe_blocks_end_at_lines_without_tabs() {
        let t = "Name:\tweb-0\nService Account:\tdefault\nContainers:\n  nginx:\n    Restart Count:\t0\n";
        assert_eq!(
            tabwrite(t, DESCRIBE),
            "Name:             web-0\nService Account:  default\nContainers:\n  nginx:\n    Restart Count:  0\n"
        );
    }

    #[test]
    fn human_durations() {
        let s = |secs: i64| human_duration_ms(secs * 1000);
        assert_eq!(
            [s(0), s(119), s(120), s(125), s(599), s(600), s(179 * 60)],
            ["0s", "119s", "2m", "2m5s", "9m59s", "10m", "179m"]
        );
        assert_eq!(
            [s(3 * 3600), s(3 * 3600 + 300), s(8 * 3600), s(47 * 3600)],
            ["3h", "3h5m", "8h", "47h"]
        );
        assert_eq!(
            [s(48 * 3600), s(53 * 3600), s(8 * 86400)],
            ["2d", "2d5h", "8d"]
        );
        assert_eq!(human_duration_ms(-1500), "0s");
        assert_eq!(human_duration_ms(-2500), "<invalid>");
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc1123z(1_746_440_043), "Mon, 05 May 2025 10:14:03 +0000");
        assert_eq!(rfc3339(1_746_440_043), "2025-05-05T10:14:03Z");
    }
}

/// `names` (sorted) as GNU ls lists them for a terminal `width` columns wide (`ls -C`,
/// coreutils ls.c `calculate_columns` and `print_many_per_line`): the most columns whose
/// line is narrower than the terminal, filled down each column, each at least 3 wide and two
/// wider than its longest name (the last column not), padded with tabs where the padding
/// crosses a tab stop (`indent`, tab size 8).
pub fn columns(names: &[&str], width: usize) -> String {
    let len = |n: &str| n.chars().count();
    let n = names.len();
    if n == 0 {
        return String::new();
    }
    let mut chosen = vec![len(names[0])];
    for cols in (1..=(width / 3).max(1).min(n)).rev() {
        let rows = n.div_ceil(cols);
        let mut widths = vec![3; cols];
        for (f, name) in names.iter().enumerate() {
            let idx = f / rows;
            let real = len(name) + if idx == cols - 1 { 0 } else { 2 };
            widths[idx] = widths[idx].max(real);
        }
        if widths.iter().sum::<usize>() < width || cols == 1 {
            chosen = widths;
            break;
        }
    }
    let rows = n.div_ceil(chosen.len());
    let mut out = String::new();
    for r in 0..rows {
        let mut pos = 0;
        let mut f = r;
        for w in &chosen {
            let name = names[f];
            out.push_str(name);
            f += rows;
            if f >= n {
                break;
            }
            let (mut at, to) = (pos + len(name), pos + w);
            while at < to {
                if to / 8 > (at + 1) / 8 {
                    out.push('\t');
                    at += 8 - at % 8;
                } else {
                    out.push(' ');
                    at += 1;
                }
            }
            pos = to;
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod columns_tests {
    /// What GNU coreutils 9.1 `ls -C` printed for these names (C locale), 80 and 40 wide.
    #[test]
    fn as_gnu_ls_lays_out_columns() {
        let names = [
            "Chart.yaml",
            "README.md",
            "a-long-file-name-number-one.yaml",
            "b-second-long-name.txt",
            "c",
            "charts",
            "d",
            "e",
            "f",
            "g",
            "h",
            "templates",
            "values-ordered.yaml",
            "values.yaml",
        ];
        assert_eq!(
            super::columns(&names, 80),
            "Chart.yaml\t\t\t  c\t  f\t     values-ordered.yaml\nREADME.md\t\t\t  charts  g\t     values.yaml\na-long-file-name-number-one.yaml  d\t  h\nb-second-long-name.txt\t\t  e\t  templates\n"
        );
        assert_eq!(super::columns(&names, 40), names.join("\n") + "\n");
        assert_eq!(
            super::columns(&["manifest.yaml", "visits"], 80),
            "manifest.yaml  visits\n"
        );
    }
}
