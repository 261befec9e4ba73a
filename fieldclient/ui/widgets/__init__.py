"""Small shared widgets and looks: helpers, the table model, theme, bundled assets."""
