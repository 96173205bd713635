#include "common/storage/xml_reader.h"

#include <gtest/gtest.h>

#include "common/storage/s3_responses.h"

namespace feb::storage {
namespace {

TEST(XmlReaderTest, ReadsElementsTextAndDropsNamespaces) {
  auto x = ParseXml("<?xml version=\"1.0\"?><a:Root xmlns:a=\"urn:x\"><a:K>v&amp;w</a:K><L><![CDATA[<c>]]></L></a:Root>");
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_EQ(x->name, "Root");
  EXPECT_EQ(x->ChildText("K"), "v&w");
  EXPECT_EQ(x->ChildText("L"), "<c>");
  EXPECT_EQ(x->Child("M"), nullptr);
  EXPECT_EQ(x->ChildText("M"), "");
}

TEST(XmlReaderTest, MalformedDocumentsAreInvalidArgument) {
  for (const char* bad : {"", "<", "<a>", "<a></b>", "not xml", "<a><b></a></b>", "<?xml version=\"1.0\"?>",
                          "<a x='1' x='2'/>", "<a>\x01</a>", "<a>&undefined;</a>"}) {
    auto x = ParseXml(bad);
    EXPECT_EQ(x.status().code(), StatusCode::kInvalidArgument) << "'" << bad << "'";
  }
  auto x = ParseXml("<a><b>");
  EXPECT_NE(x.status().message().find("malformed XML"), std::string::npos) << x.status();
}

TEST(XmlReaderTest, DeepNestingAndHugeDocumentsAreRefused) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<a>";
  for (int i = 0; i < 40; ++i) deep += "</a>";
  EXPECT_EQ(ParseXml(deep).status().code(), StatusCode::kInvalidArgument);
  std::string huge = "<a>" + std::string(kMaxXmlBytes, 'x') + "</a>";
  EXPECT_EQ(ParseXml(huge).status().code(), StatusCode::kInvalidArgument);
}

TEST(XmlReaderTest, ExternalEntitiesAreNotLoaded) {
  auto x = ParseXml("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>");
  EXPECT_TRUE(!x.ok() || x->text.find("root:") == std::string::npos);
}

TEST(S3ResponsesTest, ListObjectsV2Page) {
  auto p = ParseListObjectsV2(
      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix>d/</Prefix>"
      "<KeyCount>2</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>tok+/=</NextContinuationToken>"
      "<Contents><Key>d/f 1</Key><Size>12</Size><ETag>&quot;abc&quot;</ETag></Contents>"
      "<CommonPrefixes><Prefix>d/sub/</Prefix></CommonPrefixes></ListBucketResult>");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->objects.size(), 1u);
  EXPECT_EQ(p->objects[0].key, "d/f 1");
  EXPECT_EQ(p->objects[0].size, 12u);
  EXPECT_EQ(p->objects[0].etag, "\"abc\"");
  EXPECT_EQ(p->common_prefixes, std::vector<std::string>{"d/sub/"});
  EXPECT_TRUE(p->truncated);
  EXPECT_EQ(p->next_continuation_token, "tok+/=");
}

TEST(S3ResponsesTest, BadListingsAreRefused) {
  for (const char* bad : {
           "<Error><Code>X</Code></Error>",
           "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
           "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
           "<ListBucketResult><Contents><Key>k</Key><Size>99999999999999999999999</Size></Contents></ListBucketResult>",
           "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>",
           "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
           "<ListBucketResult><CommonPrefixes></CommonPrefixes></ListBucketResult>",
       }) {
    EXPECT_EQ(ParseListObjectsV2(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(S3ResponsesTest, ErrorsUploadsAndCompletion) {
  auto e = ParseS3Error("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->code, "NoSuchBucket");
  EXPECT_EQ(e->message, "The specified bucket does not exist");
  EXPECT_FALSE(ParseS3Error("<Error><Message>m</Message></Error>").ok());
  EXPECT_EQ(*ParseInitiateMultipartUpload("<InitiateMultipartUploadResult><UploadId>u-1</UploadId></InitiateMultipartUploadResult>"), "u-1");
  EXPECT_FALSE(ParseInitiateMultipartUpload("<InitiateMultipartUploadResult/>").ok());
  EXPECT_EQ(ParseCompleteMultipartUpload("<CompleteMultipartUploadResult><ETag>x</ETag></CompleteMultipartUploadResult>")->code, "");
  EXPECT_EQ(ParseCompleteMultipartUpload("<Error><Code>InternalError</Code><Message>m</Message></Error>")->code, "InternalError");
  EXPECT_FALSE(ParseCompleteMultipartUpload("<Other/>").ok());
  auto u = ParseListMultipartUploads("<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>"
                                     "<Upload><Key>k</Key><UploadId>1</UploadId></Upload></ListMultipartUploadsResult>");
  ASSERT_TRUE(u.ok());
  ASSERT_EQ(u->uploads.size(), 1u);
  EXPECT_EQ(u->uploads[0].upload_id, "1");
  EXPECT_FALSE(ParseListMultipartUploads("<ListMultipartUploadsResult><Upload><Key>k</Key></Upload></ListMultipartUploadsResult>").ok());
  EXPECT_EQ(CompleteMultipartUploadBody({"\"a\"", "b&"}),
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>b&amp;</ETag></Part></CompleteMultipartUpload>");
}

}  // namespace
}  // namespace feb::storage
