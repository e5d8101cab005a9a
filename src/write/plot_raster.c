/* plot_raster.c — a chart's SVG as PNG or PDF, through librsvg and cairo.
 *
 * The only file that includes librsvg's and cairo's headers: the SVG stays
 * the single drawing, and these formats are renderings of it (fonts as
 * fontconfig finds them, DejaVu Sans on Debian).
 *
 * librsvg is opened with dlopen() when a chart is rendered, not linked:
 * with its dependencies it is some forty shared libraries, and loading
 * them cost every run of every command about 10 ms before main() (more
 * than the whole reading of 100,000 records).  A machine without librsvg
 * can still run everything but PNG and PDF output, which then says why. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <librsvg/rsvg.h>

#include "ts_i18n.h"
#include "ts_plot.h"

/* The soname of Debian's librsvg2-2 (librsvg2-dev's link target).  Its
 * handle also finds the cairo, GLib and GObject functions below: dlsym()
 * searches an object's dependencies too. */
#define RSVG_SONAME "librsvg-2.so.2"

/* The functions this file calls, as librsvg's and cairo's headers declare
 * them. */
static struct {
	int tried;
	const char *fault;       /* dlerror() of the first failure, or NULL */
	RsvgHandle *(*handle_new_from_data)(const guint8 *, gsize, GError **);
	gboolean (*get_intrinsic_size_in_pixels)(RsvgHandle *, gdouble *, gdouble *);
	gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
	void (*error_free)(GError *);
	void (*object_unref)(gpointer);
	cairo_surface_t *(*image_surface_create)(cairo_format_t, int, int);
	cairo_surface_t *(*pdf_surface_create_for_stream)(cairo_write_func_t, void *, double, double);
	cairo_t *(*create)(cairo_surface_t *);
	void (*destroy)(cairo_t *);
	cairo_status_t (*write_to_png_stream)(cairo_surface_t *, cairo_write_func_t, void *);
	void (*surface_finish)(cairo_surface_t *);
	cairo_status_t (*surface_status)(cairo_surface_t *);
	void (*surface_destroy)(cairo_surface_t *);
	const char *(*status_to_string)(cairo_status_t);
} lib;

/* *fn = the function NAME of handle h; 0, or -1 with lib.fault set.  The
 * pointer is copied bytewise: ISO C has no conversion from the void *
 * that dlsym() returns to a function pointer, POSIX guarantees that the
 * two have the same representation. */
static int
find(void *h, const char *name, void *fn, size_t size)
{
	void *p = dlsym(h, name);

	if (p == NULL || size != sizeof p) {
		lib.fault = dlerror();
		if (lib.fault == NULL)
			lib.fault = name;
		return -1;
	}
	memcpy(fn, &p, size);
	return 0;
}

#define FIND(h, member, name) find(h, name, &lib.member, sizeof lib.member)

/* Opens librsvg once; 0 when every function was found. */
static int
open_lib(void)
{
	void *h;

	if (lib.tried)
		return lib.fault ? -1 : 0;
	lib.tried = 1;
	h = dlopen(RSVG_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		lib.fault = dlerror();
		if (lib.fault == NULL)
			lib.fault = RSVG_SONAME;
		return -1;
	}
	/* The handle is never closed: the libraries stay for the process, as
	 * when they were linked. */
	if (FIND(h, handle_new_from_data, "rsvg_handle_new_from_data") ||
	    FIND(h, get_intrinsic_size_in_pixels, "rsvg_handle_get_intrinsic_size_in_pixels") ||
	    FIND(h, render_document, "rsvg_handle_render_document") ||
	    FIND(h, error_free, "g_error_free") ||
	    FIND(h, object_unref, "g_object_unref") ||
	    FIND(h, image_surface_create, "cairo_image_surface_create") ||
	    FIND(h, pdf_surface_create_for_stream, "cairo_pdf_surface_create_for_stream") ||
	    FIND(h, create, "cairo_create") ||
	    FIND(h, destroy, "cairo_destroy") ||
	    FIND(h, write_to_png_stream, "cairo_surface_write_to_png_stream") ||
	    FIND(h, surface_finish, "cairo_surface_finish") ||
	    FIND(h, surface_status, "cairo_surface_status") ||
	    FIND(h, surface_destroy, "cairo_surface_destroy") ||
	    FIND(h, status_to_string, "cairo_status_to_string"))
		return -1;
	return 0;
}

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
	gboolean ok = lib.get_intrinsic_size_in_pixels(h, w, hgt);

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

	if (open_lib() != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot render the chart: %s"),
		    lib.fault);
	h = lib.handle_new_from_data((const guint8 *)svg, len, &gerr);
	if (h == NULL || svg_size(h, &w, &hgt) != 0) {
		ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot render the chart: %s"),
		    gerr ? gerr->message : "no size");
		if (gerr)
			lib.error_free(gerr);
		if (h)
			lib.object_unref(h);
		return TS_EIO;
	}
	if (format == TS_PLOT_PNG)
		surface = lib.image_surface_create(CAIRO_FORMAT_ARGB32,
		    (int)(w * scale + 0.5), (int)(hgt * scale + 0.5));
	else
		surface = lib.pdf_surface_create_for_stream(to_file, fp, w * scale, hgt * scale);
	cr = lib.create(surface);
	view.x = 0;
	view.y = 0;
	view.width = w * scale;
	view.height = hgt * scale;
	if (!lib.render_document(h, cr, &view, &gerr)) {
		rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot render the chart: %s"),
		    gerr ? gerr->message : "librsvg failed");
		if (gerr)
			lib.error_free(gerr);
	}
	lib.destroy(cr);
	if (rc == TS_OK && format == TS_PLOT_PNG)
		st = lib.write_to_png_stream(surface, to_file, fp);
	else {
		lib.surface_finish(surface);
		st = lib.surface_status(surface);
	}
	if (rc == TS_OK && st != CAIRO_STATUS_SUCCESS)
		rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("cannot write the chart: %s"),
		    lib.status_to_string(st));
	lib.surface_destroy(surface);
	lib.object_unref(h);
	return rc;
}
