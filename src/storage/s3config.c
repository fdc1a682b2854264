#include "storage/s3config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the environment variable into dst (size n); 1 when it was set. */
static int from_env(char *dst, size_t n, const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return 0;
    snprintf(dst, n, "%s", v);
    return 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* The settings of one profile in an AWS ini file ("[name]" in credentials,
 * "[profile name]" or "[default]" in config). Nested sub-sections (indented
 * lines) are skipped. */
typedef struct Profile {
    char access_key[256], secret_key[256], session_token[4096], region[64], endpoint[512];
} Profile;

static void set_key(Profile *p, const char *k, const char *v)
{
    static const struct { const char *name; size_t off, size; } keys[] = {
        { "aws_access_key_id", offsetof(Profile, access_key), sizeof(((Profile *)0)->access_key) },
        { "aws_secret_access_key", offsetof(Profile, secret_key), sizeof(((Profile *)0)->secret_key) },
        { "aws_session_token", offsetof(Profile, session_token), sizeof(((Profile *)0)->session_token) },
        { "region", offsetof(Profile, region), sizeof(((Profile *)0)->region) },
        { "endpoint_url", offsetof(Profile, endpoint), sizeof(((Profile *)0)->endpoint) },
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!strcmp(k, keys[i].name))
            snprintf((char *)p + keys[i].off, keys[i].size, "%s", v);
}

static int section_matches(const char *line, const char *profile, int config_file)
{
    char want[300];
    if (config_file && strcmp(profile, "default"))
        snprintf(want, sizeof(want), "[profile %s]", profile);
    else
        snprintf(want, sizeof(want), "[%s]", profile);
    return !strcmp(line, want);
}

static int read_ini(const char *path, const char *profile, int config_file, Profile *p)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return 0;
    char buf[8192];
    int in = 0, found = 0;
    while (fgets(buf, sizeof(buf), f)) {
        int indented = buf[0] == ' ' || buf[0] == '\t';
        char *line = trim(buf);
        if (!*line || *line == '#' || *line == ';')
            continue;
        if (*line == '[') {
            in = section_matches(line, profile, config_file);
            found |= in;
            continue;
        }
        char *eq = strchr(line, '=');
        if (!in || indented || !eq)
            continue;
        *eq = '\0';
        set_key(p, trim(line), trim(eq + 1));
    }
    fclose(f);
    return found;
}

static void aws_file(char *dst, size_t n, const char *env, const char *name)
{
    if (from_env(dst, n, env))
        return;
    const char *home = getenv("HOME");
    snprintf(dst, n, "%s/.aws/%s", home ? home : "/nonexistent", name);
}

static void load_profile(Profile *cred, Profile *conf, char *name, size_t n)
{
    char path[4096];
    if (!from_env(name, n, "AWS_PROFILE") && !from_env(name, n, "AWS_DEFAULT_PROFILE"))
        snprintf(name, n, "default");
    memset(cred, 0, sizeof(*cred));
    memset(conf, 0, sizeof(*conf));
    aws_file(path, sizeof(path), "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    read_ini(path, name, 0, cred);
    aws_file(path, sizeof(path), "AWS_CONFIG_FILE", "config");
    read_ini(path, name, 1, conf);
}

static void credentials(VfS3Config *c, const Profile *cred, const Profile *conf,
                        const char *profile)
{
    if (from_env(c->access_key, sizeof(c->access_key), "AWS_ACCESS_KEY_ID") &&
        from_env(c->secret_key, sizeof(c->secret_key), "AWS_SECRET_ACCESS_KEY")) {
        from_env(c->session_token, sizeof(c->session_token), "AWS_SESSION_TOKEN");
        snprintf(c->source, sizeof(c->source), "the environment (AWS_ACCESS_KEY_ID)");
        return;
    }
    const Profile *p = cred->access_key[0] ? cred : conf->access_key[0] ? conf : NULL;
    if (!p || !p->secret_key[0]) {
        c->access_key[0] = c->secret_key[0] = '\0';
        snprintf(c->source, sizeof(c->source), "nowhere: no AWS_ACCESS_KEY_ID and no "
                 "profile %.64s in ~/.aws (anonymous)", profile);
        return;
    }
    snprintf(c->access_key, sizeof(c->access_key), "%s", p->access_key);
    snprintf(c->secret_key, sizeof(c->secret_key), "%s", p->secret_key);
    snprintf(c->session_token, sizeof(c->session_token), "%s", p->session_token);
    snprintf(c->source, sizeof(c->source), "profile %.64s in ~/.aws/%s", profile,
             p == cred ? "credentials" : "config");
}

static void addressing(VfS3Config *c)
{
    const char *a = getenv("VIDFORGE_S3_ADDRESSING");
    c->path_style = a && !strcmp(a, "path") ? 1 : a && !strcmp(a, "virtual") ? 0
                  : c->custom_endpoint;
}

void vf_s3_config_load(VfS3Config *c)
{
    Profile cred, conf;
    char profile[128];
    memset(c, 0, sizeof(*c));
    load_profile(&cred, &conf, profile, sizeof(profile));
    credentials(c, &cred, &conf, profile);
    if (!from_env(c->region, sizeof(c->region), "AWS_REGION") &&
        !from_env(c->region, sizeof(c->region), "AWS_DEFAULT_REGION"))
        snprintf(c->region, sizeof(c->region), "%s", conf.region[0] ? conf.region : "us-east-1");
    c->custom_endpoint = from_env(c->endpoint, sizeof(c->endpoint), "AWS_ENDPOINT_URL_S3") ||
                         from_env(c->endpoint, sizeof(c->endpoint), "AWS_ENDPOINT_URL");
    if (!c->custom_endpoint && conf.endpoint[0]) {
        snprintf(c->endpoint, sizeof(c->endpoint), "%s", conf.endpoint);
        c->custom_endpoint = 1;
    }
    if (!c->custom_endpoint)
        snprintf(c->endpoint, sizeof(c->endpoint), "https://s3.%s.amazonaws.com", c->region);
    size_t n = strlen(c->endpoint);
    while (n && c->endpoint[n - 1] == '/')
        c->endpoint[--n] = '\0';
    addressing(c);
}
