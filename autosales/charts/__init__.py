"""Plot builders: data in, Bokeh figure out; and the JSON that embeds a figure in a page."""
