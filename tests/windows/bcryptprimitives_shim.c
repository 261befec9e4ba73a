/* Test-lane shim, never shipped: Wine 8 lacks bcryptprimitives.dll's ProcessPrng, which
 * Windows 10 has and the Rust code inside cryptography imports. A real RNG, not a stub:
 * the system-preferred RNG behind BCryptGenRandom. Built by scripts/windows-lane.sh into
 * the Wine prefix's system32 only. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk,
                                            BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
