"""Forms of the region pages, one module per area. They validate and say what is wrong, in Dutch, next to the
field; the writes happen in regions.services. Render a field with
``{% include "regions/form_field.html" with field=form.name %}``.
"""
