/* Whole-file replacement: the saved file's mode follows the umask, a long
 * name can be saved, and a signal that ends the program while the temporary
 * file exists removes it. */
#include "check.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data/savefile.h"

static char dir[64];
static char err[512];

CHECK_TMPDIR_GROUP(dir)

/* Files in the test folder. */
static int files_in_dir(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void save_text(const char *path, const char *text)
{
    savefile f;
    assert_int_equal(savefile_open(&f, path, err, sizeof err), 0);
    assert_int_equal(savefile_write(&f, text, strlen(text)), 0);
    assert_int_equal(savefile_commit(&f, path, err, sizeof err), 0);
}

static void test_mode_follows_the_umask(void **state)
{
    (void)state;
    static const mode_t masks[] = {022, 077, 002, 0};
    char path[128];
    snprintf(path, sizeof path, "%s/m", dir);
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        mode_t old = umask(masks[i]);
        save_text(path, "x");
        umask(old);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        /* like any new file: 0666 less the umask (mkstemp's was always 0600) */
        assert_int_equal(st.st_mode & 07777, 0666 & ~masks[i]);
        unlink(path);
    }
}

static void test_long_name(void **state)
{
    (void)state;
    char path[512];
    int n = snprintf(path, sizeof path, "%s/", dir);
    memset(path + n, 'a', 250);
    path[n + 250] = '\0';
    savefile f;
    assert_int_equal(savefile_open(&f, path, err, sizeof err), 0);
    const char *base = strrchr(f.tmp, '/') + 1;
    assert_true(strlen(base) <= NAME_MAX);
    assert_int_equal(strncmp(base, "aaaa", 4), 0);
    assert_int_equal(savefile_write(&f, "hello", 5), 0);
    assert_int_equal(savefile_commit(&f, path, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(files_in_dir(), 1);
    unlink(path);
}

/* A child opens a save, writes, and is sent sig: it must die of sig, leaving
 * neither the temporary file nor the target. */
static void test_fatal_signals_remove_the_temporary_file(void **state)
{
    (void)state;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};
    char path[128];
    snprintf(path, sizeof path, "%s/model.bin", dir);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            signal(SIGQUIT, SIG_DFL);
            savefile f;
            if (savefile_open(&f, path, err, sizeof err) < 0 || savefile_write(&f, "abc", 3) < 0)
                _exit(3);
            kill(getpid(), sigs[i]);
            _exit(4); /* not reached: the signal ends the child */
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        assert_int_equal(files_in_dir(), 0);
    }
}

/* An ignored signal (nohup's SIGHUP) stays ignored: the save completes. */
static void test_ignored_signal_stays_ignored(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/kept.bin", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGHUP, SIG_IGN);
        savefile f;
        if (savefile_open(&f, path, err, sizeof err) < 0)
            _exit(3);
        kill(getpid(), SIGHUP);
        _exit(savefile_write(&f, "abc", 3) == 0 && savefile_commit(&f, path, err, sizeof err) == 0
                  ? 0 : 5);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(files_in_dir(), 1);
    unlink(path);
}

/* After a save the handlers are gone: a signal then acts as before. */
static void test_handlers_restored_after_saving(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/x.bin", dir);
    save_text(path, "x");
    struct sigaction sa;
    assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
    assert_true(sa.sa_handler == SIG_DFL);
    assert_int_equal(sigaction(SIGINT, NULL, &sa), 0);
    assert_true(sa.sa_handler == SIG_DFL);
    unlink(path);
}

static void test_abandon_and_failures(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/gone.bin", dir);
    savefile f;
    assert_int_equal(savefile_open(&f, path, err, sizeof err), 0);
    assert_int_equal(savefile_write(&f, "abc", 3), 0);
    savefile_abandon(&f);
    assert_int_equal(files_in_dir(), 0);
    snprintf(path, sizeof path, "%s/no/such/m.bin", dir);
    assert_int_equal(savefile_open(&f, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "m.bin: cannot create a temporary file: No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_follows_the_umask),
        cmocka_unit_test(test_long_name),
        cmocka_unit_test(test_fatal_signals_remove_the_temporary_file),
        cmocka_unit_test(test_ignored_signal_stays_ignored),
        cmocka_unit_test(test_handlers_restored_after_saving),
        cmocka_unit_test(test_abandon_and_failures),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
