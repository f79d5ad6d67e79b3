<?xml version="1.0"?>
<!-- test (tests/unit/test_fix_threads.c): names the first of <vcpu> and
     <memory> in document order, through a union under [1]. t:pause is the
     test's function: it returns its argument, after pausing the thread the
     test holds until another thread has evaluated the same union. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:x-guardian:test">
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/name">
    <name><xsl:value-of select="local-name((t:pause(../*)[self::vcpu] | ../memory)[1])"/></name>
  </xsl:template>
</xsl:stylesheet>
