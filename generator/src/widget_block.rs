//! ```` ```widget NAME ```` blocks: validated against the catalog and replaced by a figure that
//! holds the widget's statically rendered initial state. The theme's loader later mounts the
//! live widget into the figure's `.widget-body`.

use kit::markup::escape;

/// Why a widget block could not be expanded. `line` is 1-based within the block's body
/// (0 means the fence line itself).
#[derive(Debug)]
pub struct BlockError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub hint: Option<String>,
}

/// How a widget block is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// The widget, mounted when the reader scrolls to it.
    Live,
    /// ```` ```widget NAME preview ````: the widget's initial picture only, never mounted, its
    /// controls and readout hidden; for pages that point to widgets elsewhere.
    Preview,
}

/// The figure for widget `name` configured by `yaml`, and the widget's catalog name. The figure
/// names the widget's ES module when it was built (`module`); without one it stays static.
/// `ordinal` numbers the page's widget figures from 1; with the name it makes the figure's id
/// (`widget-quorum-2`), which share links name to restore a figure's state.
pub fn figure(
    name: &str,
    yaml: &str,
    module: Option<&str>,
    ordinal: usize,
    look: Look,
) -> Result<(String, &'static str), BlockError> {
    let widget = catalog::find(name).ok_or_else(|| BlockError {
        message: format!("unknown widget `{name}`"),
        line: 0,
        column: 1,
        hint: Some(match catalog::closest_name(name) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "the widgets are: {}",
                catalog::WIDGETS.iter().map(|widget| widget.name).collect::<Vec<_>>().join(", ")
            ),
        }),
    })?;
    let embedded = widget.embed(yaml).map_err(|error| BlockError {
        message: format!("invalid `{name}` widget config: {}", error.message),
        line: error.line.unwrap_or(1),
        column: error.column.unwrap_or(1),
        hint: error.hint,
    })?;
    if look == Look::Preview {
        let html = format!(
            "<figure class=\"widget-preview\" id=\"preview-{name}-{ordinal}\" data-preview=\"{name}\">\n\
             <div class=\"widget-body\" inert data-pagefind-ignore>{body}</div>\n\
             <figcaption>{title}: the initial state</figcaption>\n\
             </figure>\n",
            name = widget.name,
            body = embedded.html,
            title = escape(widget.title),
        );
        return Ok((html, widget.name));
    }
    let html = format!(
        "<figure class=\"widget\" id=\"widget-{name}-{ordinal}\" data-widget=\"{name}\"{module} data-config=\"{config}\">\n\
         <div class=\"widget-head\"><span class=\"widget-title\">{title}</span></div>\n\
         <div class=\"widget-body\" data-pagefind-ignore>{body}</div>\n\
         <figcaption>{description}</figcaption>\n\
         </figure>\n",
        name = widget.name,
        module = module.map(|url| format!(" data-module=\"{}\"", escape(url))).unwrap_or_default(),
        config = escape(&embedded.config_json),
        title = escape(widget.title),
        body = embedded.html,
        description = escape(widget.description),
    );
    Ok((html, widget.name))
}
