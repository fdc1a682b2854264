/* Where S3 requests go and how they are signed, read as the AWS tools read
 * it: environment variables first, then the profile (AWS_PROFILE, else
 * "default") in ~/.aws/credentials and ~/.aws/config. Plain data, filled by
 * vf_s3_config_load; it holds secrets, so it is never printed: messages name
 * only `source`. */
#ifndef VF_STORAGE_S3CONFIG_H
#define VF_STORAGE_S3CONFIG_H

typedef struct VfS3Config {
    char access_key[256];     /* "" : anonymous (requests are not signed) */
    char secret_key[256];
    char session_token[4096]; /* "" : none */
    char region[64];          /* AWS_REGION, AWS_DEFAULT_REGION, the profile's; us-east-1 */
    char endpoint[512];       /* scheme://host[:port], no trailing '/' */
    int custom_endpoint;      /* 1: AWS_ENDPOINT_URL(_S3) or the profile's endpoint_url */
    int path_style;           /* 1: http://endpoint/bucket/key; 0: http://bucket.endpoint/key */
    char source[160];         /* where the credentials came from, for messages */
} VfS3Config;

/* Fills c from the environment and the AWS files of the current user
 * (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE override their places).
 * Addressing is path-style with a custom endpoint (MinIO, s3rver, Ceph) or a
 * bucket name with dots, virtual-hosted otherwise; VIDFORGE_S3_ADDRESSING=path
 * or virtual decides instead. Never fails: missing files mean anonymous
 * access to AWS in us-east-1. */
void vf_s3_config_load(VfS3Config *c);

#endif
