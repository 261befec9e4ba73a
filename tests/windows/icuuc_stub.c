/* Test-lane shim, never shipped: Wine 8 has no system ICU, which Windows 10 has
 * (C:\Windows\System32\icuuc.dll). Qt 6.11's Qt6Core.dll imports these 20 functions
 * from it (x86_64-w64-mingw32-objdump -p Qt6Core.dll). Every converter fails to open,
 * so Qt keeps its own built-in codecs (UTF-8/16, Latin-1), which is all fieldclient uses.
 * Built by scripts/windows-lane.sh into the Wine prefix's system32 only. */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
enum { U_FILE_ACCESS_ERROR = 4 };

static void fail(UErrorCode *status) {
    if (status != NULL && *status <= 0) *status = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *status) { (void)cnv; fail(status); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc,
                                UErrorCode *status) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(status);
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc,
                                  UErrorCode *status) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(status);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length, int32_t offset,
                                  UErrorCode *status) {
    (void)args; (void)source; (void)length; (void)offset; fail(status);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit,
                                    int32_t offset, UErrorCode *status) {
    (void)args; (void)source; (void)limit; (void)offset; fail(status);
}
EXPORT void ucnv_toUnicode(void *cnv, void **target, const void *tl, const char **source,
                           const char *sl, int32_t *offsets, int8_t flush, UErrorCode *status) {
    (void)cnv; (void)target; (void)tl; (void)source; (void)sl; (void)offsets; (void)flush;
    fail(status);
}
EXPORT void ucnv_fromUnicode(void *cnv, char **target, const char *tl, const void **source,
                             const void *sl, int32_t *offsets, int8_t flush, UErrorCode *status) {
    (void)cnv; (void)target; (void)tl; (void)source; (void)sl; (void)offsets; (void)flush;
    fail(status);
}
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *status) { (void)cnv; fail(status); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *status) { (void)cnv; fail(status); return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    (void)name; (void)standard; fail(status); return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const void *u, int32_t l,
                                            int32_t cp, int reason, UErrorCode *status) {
    (void)c; (void)a; (void)u; (void)l; (void)cp; (void)reason; fail(status);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l,
                                          int reason, UErrorCode *status) {
    (void)c; (void)a; (void)b; (void)l; (void)reason; fail(status);
}
