/* plot_raster.c — a chart's SVG as PNG or PDF, through librsvg and cairo.
 *
 * The only file that includes librsvg's and cairo's headers: the SVG stays
 * the single drawing, and these formats are renderings of it (fonts as
 * fontconfig finds them, DejaVu Sans on Debian). */
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <librsvg/rsvg.h>

#include "ts_i18n.h"
#include "ts_plot.h"

static cairo_status_t
to_file(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *fp = closure;

	return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* The chart's size in CSS pixels, from its width and height attributes. */
static int
svg_size(RsvgHandle *h, double *w, double *hgt)
{
	gboolean ok = rsvg_handle_get_intrinsic_size_in_pixels(h, w, hgt);

	return ok && *w > 0 && *hgt > 0 ? 0 : -1;
}

int
ts_plot_render(FILE *fp, const char *svg, size_t len, enum ts_plot_format format,
    double dpi, struct ts_error *err)
{
	GError *gerr = NULL;
	RsvgHandle *h;
	RsvgRectangle view;
	cairo_surface_t *surface;
	cairo_t *cr;
	cairo_status_t st;
	double w, hgt, scale = format == TS_PLOT_PNG ? dpi / 96.0 : 72.0 / 96.0;
	int rc = TS_OK;

	h = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
	if (h == NULL || svg_size(h, &w, &hgt) != 0) {
		ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot render the chart: %s"),
		    gerr ? gerr->message : "no size");
		if (gerr)
			g_error_free(gerr);
		if (h)
			g_object_unref(h);
		return TS_EIO;
	}
	if (format == TS_PLOT_PNG)
		surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
		    (int)(w * scale + 0.5), (int)(hgt * scale + 0.5));
	else
		surface = cairo_pdf_surface_create_for_stream(to_file, fp, w * scale, hgt * scale);
	cr = cairo_create(surface);
	view.x = 0;
	view.y = 0;
	view.width = w * scale;
	view.height = hgt * scale;
	if (!rsvg_handle_render_document(h, cr, &view, &gerr)) {
		rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot render the chart: %s"),
		    gerr ? gerr->message : "librsvg failed");
		if (gerr)
			g_error_free(gerr);
	}
	cairo_destroy(cr);
	if (rc == TS_OK && format == TS_PLOT_PNG)
		st = cairo_surface_write_to_png_stream(surface, to_file, fp);
	else {
		cairo_surface_finish(surface);
		st = cairo_surface_status(surface);
	}
	if (rc == TS_OK && st != CAIRO_STATUS_SUCCESS)
		rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot write the chart: %s"),
		    cairo_status_to_string(st));
	cairo_surface_destroy(surface);
	g_object_unref(h);
	return rc;
}
