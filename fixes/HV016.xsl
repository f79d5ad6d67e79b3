<?xml version="1.0" encoding="UTF-8"?>
<!-- HV016 hyperv-vendor-id: <vendor_id state='on' value='KVM Hv'/>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The seed's value (at most 12 characters, no ','). -->
  <xsl:param name="value" select="'KVM Hv'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Printable ASCII: a value made of these has as many bytes as
       characters (libvirt counts bytes). -->
  <xsl:variable name="ascii" select="concat(' !&quot;#$%&amp;', &quot;'&quot;, '()*+,-./0123456789:;&lt;=&gt;?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')"/>

  <!-- <vendor_id> exists: turn it on; a missing value or one libvirt rejects
       (more than 12 bytes, a ',') becomes the seed's, a valid one stays. -->
  <xsl:template match="domain/features/hyperv/vendor_id">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:if test="not(@value) or string-length(@value) &gt; 12 or contains(@value, ',')
                    or translate(@value, $ascii, '') != ''">
        <xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <hyperv> without it: append it (the schema allows any order). -->
  <xsl:template match="domain/features/hyperv[not(vendor_id)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <vendor_id state="on" value="{$value}"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
