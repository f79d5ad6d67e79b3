<?xml version="1.0" encoding="UTF-8"?>
<!-- Defining the I/O thread $iothread the domain lacks (<iothreads>,
     <iothreadids>), when the including stylesheet's named template
     "wants-iothread" says "yes".
     Included by the rules that share it (xsl:include href="lib/iothreads.xsl",
     docs/fixes.md); no identity template of its own. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- Define I/O thread $iothread when the domain does not (libvirt's
       virDomainIOThreadIDDefArrayInit: <iothreadids> lists some ids, the
       count in <iothreads> - at least the list's length - is reached with
       the smallest unused ids). Next id of a plain count: raise the count;
       else list the id in <iothreadids> and raise the count by one, which
       keeps every id defined before. -->
  <xsl:template match="domain">
    <xsl:variable name="x" select="number($iothread)"/>
    <xsl:variable name="n" select="number(concat('0', normalize-space(iothreads)))"/>
    <xsl:variable name="ids" select="iothreadids/iothread/@id"/>
    <xsl:variable name="nids" select="count($ids)"/>
    <xsl:variable name="total" select="$n * number($n &gt;= $nids) + $nids * number($nids &gt; $n)"/>
    <!-- $x is the k-th id not listed; the count fills the first total-nids of them. -->
    <xsl:variable name="k" select="$x - count($ids[number(.) &lt; $x])"/>
    <xsl:variable name="defined" select="not($x &gt;= 1) or floor($x) != $x or $ids[number(.) = $x] or $k &lt;= $total - $nids"/>
    <xsl:variable name="wanted">
      <xsl:call-template name="wants-iothread"/>
    </xsl:variable>
    <xsl:variable name="plain" select="$nids = 0 and $x = $n + 1"/>
    <xsl:variable name="newcount">
      <xsl:if test="$wanted = 'yes' and not($defined)">
        <xsl:choose>
          <xsl:when test="$plain"><xsl:value-of select="$x"/></xsl:when>
          <xsl:when test="iothreads or not(iothreadids)"><xsl:value-of select="$total + 1"/></xsl:when>
        </xsl:choose>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="addid">
      <xsl:if test="$wanted = 'yes' and not($defined) and not($plain)">
        <xsl:value-of select="$x"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-iothreads">
          <xsl:with-param name="newcount" select="$newcount"/>
          <xsl:with-param name="addid" select="$addid"/>
          <xsl:with-param name="none" select="not(iothreads) and not(iothreadids)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::iothreads and $newcount != ''">
            <xsl:copy>
              <xsl:apply-templates select="@*"/>
              <xsl:value-of select="$newcount"/>
            </xsl:copy>
          </xsl:when>
          <xsl:when test="self::iothreadids and $addid != ''">
            <xsl:copy>
              <xsl:apply-templates select="@*|node()"/>
              <iothread id="{$addid}"/>
            </xsl:copy>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="self::iothreads and $addid != '' and not(../iothreadids)">
          <iothreadids><iothread id="{$addid}"/></iothreadids>
        </xsl:if>
        <xsl:if test="generate-id(.) = generate-id($anchor)">
          <xsl:call-template name="new-iothreads">
            <xsl:with-param name="newcount" select="$newcount"/>
            <xsl:with-param name="addid" select="$addid"/>
            <xsl:with-param name="none" select="not(../iothreads) and not(../iothreadids)"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- Neither <iothreads> nor <iothreadids>: create them. -->
  <xsl:template name="new-iothreads">
    <xsl:param name="newcount"/>
    <xsl:param name="addid"/>
    <xsl:param name="none"/>
    <xsl:if test="$none">
      <xsl:if test="$newcount != ''">
        <iothreads><xsl:value-of select="$newcount"/></iothreads>
      </xsl:if>
      <xsl:if test="$addid != ''">
        <iothreadids><iothread id="{$addid}"/></iothreadids>
      </xsl:if>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
