"""Renderers of the statistics forms (统计报表): the form's plain data in, a file's bytes out."""
